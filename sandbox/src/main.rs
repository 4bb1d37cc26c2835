//! The `cliq-sandbox` binary: parse the command line, bind, print the
//! `cliq-sandbox listening on http://HOST:PORT` line, serve until killed.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cliq_sandbox::cli::Args::parse();
    let config = match args.into_config() {
        Ok(config) => config,
        Err(message) => {
            eprintln!("cliq-sandbox: {message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("cliq-sandbox: cannot start the runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let listener = match cliq_sandbox::bind(&config.host, config.port).await {
            Ok(listener) => listener,
            Err(message) => {
                eprintln!("cliq-sandbox: {message}");
                return ExitCode::FAILURE;
            }
        };
        let addr = match listener.local_addr() {
            Ok(addr) => addr,
            Err(err) => {
                eprintln!("cliq-sandbox: {err}");
                return ExitCode::FAILURE;
            }
        };
        if let Some(warning) =
            cliq_sandbox::server::exposure_warning(&addr, config.upstream.is_some())
        {
            eprintln!("{warning}");
        }
        let app = cliq_sandbox::App::new(config);
        let router = cliq_sandbox::build_router(app);
        let mut stdout = std::io::stdout();
        // Tests and scripts read this exact line; flush it at once.
        let _ = writeln!(stdout, "cliq-sandbox listening on http://{addr}");
        let _ = stdout.flush();
        tokio::select! {
            _ = cliq_sandbox::serve(listener, router) => {}
            _ = tokio::signal::ctrl_c() => {}
        }
        ExitCode::SUCCESS
    })
}

//! Shared by the wasm suites (browser.rs, worker.rs, node.rs).

pub mod cases;
pub mod credentials;
pub mod faults;
pub mod guards;
pub mod hostile;
pub mod sandbox_credentials;
pub mod support;

pub use cases::*;
pub use credentials::*;
// Used by `long_cases!`, which the worker suite does not run.
#[allow(unused_imports)]
pub use faults::*;
pub use guards::*;
pub use hostile::*;
pub use sandbox_credentials::*;

/// Declares every case of `cases` as a `#[wasm_bindgen_test]` of this suite.
#[macro_export]
macro_rules! wasm_cases {
    ($($name:ident),* $(,)?) => {
        $(
            #[wasm_bindgen_test::wasm_bindgen_test]
            async fn $name() {
                $crate::wasm::$name().await
            }
        )*
    };
}

/// The cases every runtime runs.
#[macro_export]
macro_rules! all_cases {
    () => {
        $crate::wasm_cases!(
            post_to_channel_then_read_it_back,
            a_post_without_sync_resolves_to_an_empty_result,
            post_to_bot_user_and_thread,
            edit_then_delete_a_message,
            react_list_and_unreact,
            message_action_lifecycle_with_handler,
            invalid_input_is_refused_before_any_request,
            constructor_misuse_throws_invalid_input,
            error_kinds_from_the_server,
            scripted_faults_map_to_error_kinds,
            a_server_throttle_locks_only_that_operation,
            reject_mode_fails_the_call_over_quota_without_sending,
            idempotent_calls_are_retried_and_posts_never_twice,
            abort_before_and_during_a_request,
            queued_calls_can_be_aborted_or_bounded_by_max_wait,
            token_provider_refreshes_once_for_concurrent_calls,
            a_refreshed_token_that_is_refused_again_is_replayed_only_once,
            iterators_yield_every_item_once_across_pages,
            queue_mode_sends_120_concurrent_posts_without_a_throttle,
            a_custom_fetch_gets_url_and_init_and_a_duck_typed_answer_works,
            fetch_failures_gloo_would_trap_on_are_errors_and_the_instance_lives_on,
            a_url_with_a_query_is_sent_exactly_as_built,
            every_method_rejects_garbage_arguments_and_the_instance_lives_on,
            every_sandbox_fault_is_an_error_kind_and_the_instance_lives_on,
            ids_of_dots_or_control_characters_never_change_the_endpoint,
            a_webhook_token_posts_with_zapikey_and_no_authorization_header,
            a_webhook_token_refuses_every_other_operation_before_any_request,
            a_webhook_token_is_redacted_in_events_and_errors,
            zoho_oauth_posts_a_form_and_caches_the_token,
            twenty_concurrent_calls_on_a_fresh_client_cause_one_refresh,
            zohos_error_answers_map_to_kinds_without_secrets,
            the_eleventh_refresh_in_ten_minutes_is_refused_without_a_request,
            an_expiring_token_is_refreshed_once_before_it_expires,
            a_webhook_token_posts_to_the_sandbox_and_is_never_logged,
            zoho_oauth_against_the_sandbox_refreshes_once_for_twenty_calls_and_leaks_nothing,
            a_refused_oauth_token_causes_one_refresh_and_one_replay,
            a_bad_refresh_token_or_client_is_unauthorized_with_zohos_code,
            hostile_ids_reach_their_own_endpoint_and_bad_ones_are_refused,
        );
    };
}

/// The long cases (a minute together): the fault table (docs/faults.md)
/// and the hostile bodies. Run by the page suites (Chromium, Firefox) and
/// Node; the worker suites, whose fetch and timers are the page's, skip
/// them to keep the test command's time down.
#[macro_export]
macro_rules! long_cases {
    () => {
        $crate::wasm_cases!(
            every_fault_meets_every_operation_as_docs_faults_md_says,
            hostile_bodies_never_trap_and_the_same_client_works_next,
        );
    };
}

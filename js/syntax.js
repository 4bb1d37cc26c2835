// What only JavaScript syntax can say, imported by the wasm (src/client/).

/** The only error the client rejects with. */
export class CliqError extends Error {
  constructor(message, fields) {
    super(message);
    this.name = "CliqError";
    for (const key of ["kind", "operation", "status", "code", "field", "retryAfterMs"]) {
      if (fields && fields[key] != null) this[key] = fields[key];
    }
  }
}

/** Makes the instances of the class whose prototype is `proto` `for await`-able. */
export function asyncIterable(proto) {
  if (!(Symbol.asyncIterator in proto)) {
    proto[Symbol.asyncIterator] = function () {
      return this;
    };
  }
}

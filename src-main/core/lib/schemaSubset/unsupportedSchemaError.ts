/** A schema keyword that would constrain values but that the grammar cannot enforce, named with where it is. */
export class UnsupportedSchemaError extends Error {
  constructor(
    /** The keyword at fault (e.g. "pattern"), or "$ref"/"enum" for unusable values of those. */
    readonly keyword: string,
    /** JSON-pointer-like path of the schema node, "" for the root. */
    readonly path: string,
    detail: string,
  ) {
    super(`${path === '' ? 'schema' : `schema at ${path}`}: ${detail}`);
    this.name = 'UnsupportedSchemaError';
  }
}

// OData URL pieces for Graph paths: quoted literals in alternate keys and $filter.
// https://docs.oasis-open.org/odata/odata/v4.01/odata-v4.01-part2-url-conventions.html#sec_URLComponents

/** Returns a quoted OData string literal, URL-encoded: single quotes doubled, then percent-encoded. */
export function toODataLiteral(value: string): string {
  return `'${encodeURIComponent(value.replace(/'/g, "''"))}'`;
}

/** Returns a `$filter` expression `property eq 'value'`, URL-encoded. */
export function toEqualsFilter(property: string, value: string): string {
  return `$filter=${property}%20eq%20${toODataLiteral(value)}`;
}

/** Returns `$select=a,b,c`. */
export function toSelect(properties: readonly string[]): string {
  return `$select=${properties.join(',')}`;
}

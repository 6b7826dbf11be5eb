/**
 * Formula injection (OWASP "CSV Injection"): a spreadsheet evaluates a text cell that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return. Such text is prefixed with a single quote, which
 * Excel, WPS and LibreOffice show as text and never run. Numbers are not touched.
 */
const TRIGGER = /^[=+\-@\t\r]/;

export function neutralize(value: string): string {
  return TRIGGER.test(value) ? `'${value}` : value;
}

export function isFormulaLike(value: string): boolean {
  return TRIGGER.test(value);
}

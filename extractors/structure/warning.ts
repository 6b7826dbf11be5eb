/** A warning found while splitting; offsets index the normalized text until the pipeline maps them. */
export interface DraftWarning {
  code: string;
  severity: 'info' | 'warning' | 'error';
  message: string;
  start: number;
  end: number;
}

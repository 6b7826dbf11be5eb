import { type Document, type Entity, type Measure, type Warning } from '../pipeline/schema.js';

/**
 * The column glossary of the published dataset: for every column of every sheet, a short Chinese
 * label (used in the spreadsheet's header row as `标题 title`) and a one-line English meaning
 * (listed on the workbook's `about` sheet). The texts follow README.md's "Outputs" section.
 *
 * The record types are keyed by the schemas' row types, so a column added to pipeline/schema.ts
 * without a glossary entry is a compile error.
 */
export interface ColumnGloss {
  /** Chinese label, shown before the column name in a header cell. */
  zh: string;
  /** One-line meaning in English. */
  en: string;
}

export type Glossary<Row> = { readonly [K in keyof Row & string]: ColumnGloss };

export const DOCUMENT_GLOSSARY: Glossary<Document> = {
  doc_id: { zh: '文件编号', en: "Stable id: sha256 of the file's bytes and the part number (16 hex digits)" },
  source_file: { zh: '源文件', en: "The input file's base name" },
  part: { zh: '分册', en: 'The 1-based part of a compilation (汇编); 1 otherwise' },
  title: { zh: '标题', en: "The policy's title (关于印发《X》的通知 gives X)" },
  issuer: { zh: '发文机关', en: 'The issuing body (signature above the date, 来源: label, or the notice title)' },
  doc_number: { zh: '文号', en: 'The document number, e.g. 本政规〔2023〕10号, spaces removed' },
  date: { zh: '日期', en: 'The date printed under the issuer (or after 发布时间:), ISO 8601' },
  nodes: { zh: '条目数', en: 'How many rows this part has on the measures sheet' },
  sha256: { zh: '校验值', en: "sha256 of the source file's bytes" },
  status: { zh: '状态', en: 'active, or withdrawn when the source has disappeared from the inputs (kept, not dropped)' },
};

export const MEASURE_GLOSSARY: Glossary<Measure> = {
  measure_id: { zh: '条目编号', en: 'Stable id derived from doc_id and path' },
  doc_id: { zh: '文件编号', en: 'The document this node belongs to (links to its documents row)' },
  parent_id: { zh: '上级编号', en: 'The parent node (links to its measures row); empty at the top' },
  source_file: { zh: '源文件', en: "The input file's base name" },
  part: { zh: '分册', en: 'The 1-based part of a compilation; 1 otherwise' },
  kind: { zh: '类型', en: 'section, measure, item or row (a table row)' },
  path: { zh: '路径', en: "Normalized markers from the part's top down, joined with / (e.g. 一/1, 2/(3))" },
  marker: { zh: '序号', en: 'The marker exactly as printed (（三）, 1.); empty for a row of a table without 序号' },
  title: { zh: '标题', en: "The node's heading; empty when its lead phrase is not a heading" },
  body: { zh: '正文', en: "The node's own text after the heading and before its first child, line breaks removed" },
  agencies: { zh: '责任单位', en: 'Responsible units (责任单位, 牵头单位, 责任部门, 实施部门) as printed, joined with ;' },
  beneficiaries: { zh: '享受主体', en: 'Who benefits (享受主体, 服务对象, 适用对象 …)' },
  procedure: { zh: '办理方式', en: 'How to apply (办理方式, 具体落实措施)' },
  deadline_text: { zh: '执行期限', en: 'The deadline or period as printed (执行期限)' },
  contact: { zh: '联系方式', en: 'Contact details (联系方式, 联系电话)' },
  responsible: { zh: '责任人', en: 'The responsible person (责任人)' },
  start: { zh: '起始位置', en: 'Code-point offset where the node (children included) starts in the decoded source text' },
  end: { zh: '结束位置', en: 'Code-point offset where the node (children included) ends in the decoded source text' },
};

export const ENTITY_GLOSSARY: Glossary<Entity> = {
  entity_id: { zh: '实体编号', en: 'Stable id from the measure, type and offset' },
  measure_id: { zh: '条目编号', en: "The measure it is in (links to its measures row); empty for text before a document's first node" },
  doc_id: { zh: '文件编号', en: 'The document it is in (links to its documents row)' },
  source_file: { zh: '源文件', en: "The input file's base name" },
  type: { zh: '类型', en: 'money, percent, date, duration, agency, or agency_group (collective references)' },
  text: { zh: '原文', en: 'The span as printed, line breaks removed (qualifiers such as 不超过 are not part of it)' },
  value: {
    zh: '取值',
    en: 'money: amount in the base unit; percent: a fraction; date, duration: ISO 8601; agency: the full name',
  },
  unit: { zh: '单位', en: 'The unit as printed (万元, %, 个月 …)' },
  currency: { zh: '币种', en: 'ISO 4217 currency code (CNY, USD …)' },
  bound: { zh: '界限', en: 'money, percent: max (不超过, 最高) or min (不低于, 以上); date: before (前) or after (以来, 起)' },
  per: { zh: '计量单位', en: 'The unit of a rate (每亩补贴1.2万元 → 亩)' },
  range_id: { zh: '区间编号', en: 'Both ends of a range (10万—50万元) share this id' },
  inclusive: { zh: '是否包含', en: 'true or false where 包含 or 不含 is printed' },
  agency_full: { zh: '机构全称', en: 'The agency with its jurisdiction (市财政局 in a 本溪 notice → 本溪市财政局)' },
  start: { zh: '起始位置', en: "Code-point offset where the span starts in the decoded source text, inside the measure's own span" },
  end: { zh: '结束位置', en: "Code-point offset where the span ends in the decoded source text, inside the measure's own span" },
};

export const WARNING_GLOSSARY: Glossary<Warning> = {
  source_file: { zh: '源文件', en: "The input file's base name" },
  stage: { zh: '阶段', en: 'Where it was found: read, extract, normalize, split or emit' },
  code: { zh: '代码', en: 'A stable code to filter on (numbering-gap, no-measures, pdf-no-text …)' },
  severity: { zh: '级别', en: 'info, warning or error (an error means the file yielded nothing)' },
  message: { zh: '说明', en: 'What happened, in words' },
  start: { zh: '起始位置', en: 'Code-point offset where the problem starts; empty when it has no place' },
  end: { zh: '结束位置', en: 'Code-point offset where the problem ends; empty when it has no place' },
};

/** The glossary of every data sheet, in sheet order. */
export const COLUMN_GLOSSARY = {
  documents: DOCUMENT_GLOSSARY,
  measures: MEASURE_GLOSSARY,
  entities: ENTITY_GLOSSARY,
  warnings: WARNING_GLOSSARY,
} as const;

export type SheetName = keyof typeof COLUMN_GLOSSARY;

/** A header cell's text: the Chinese label, a space, the column name (`标题 title`). */
export function headerLabel(sheet: SheetName, column: string): string {
  const gloss = (COLUMN_GLOSSARY[sheet] as Record<string, ColumnGloss | undefined>)[column];
  return gloss ? `${gloss.zh} ${column}` : column;
}

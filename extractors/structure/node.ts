import { type UnitCell } from '../taggers/moneyTagger.js';
import { type Fields, type Span } from './fields.js';

export type NodeKind = 'section' | 'measure' | 'item' | 'row';

/** A numbered node while the splitter builds it; offsets index the normalized text. */
export interface DraftNode {
  markerType: string;
  value: number;
  /** Path element: `一`, `(一)`, `1`, `(1)`, or a table category. */
  pathEl: string;
  printed: string;
  /** Where the marker starts. */
  start: number;
  /** End of the node's whole span, children included. */
  end: number;
  /** The node's own text (after its marker, before its first child). */
  ownStart: number;
  ownEnd: number;
  title: string | null;
  /** Where the body starts once the title is taken off. */
  bodyStart: number;
  /** Where the body ends, when before ownEnd (a table row's body cell, before its field cells). */
  bodyEnd?: number;
  children: DraftNode[];
  fields?: Fields;
  /** Where each unit its agency fields list is printed, for the agency tagger. */
  listed?: Span[];
  /** A field line of its own under its items (（责任单位：…）), the node's own text after its children. */
  tail?: Span;
  kind?: NodeKind;
  /** A table row's own cells decide its title; the outline rules are not applied to it. */
  fixedTitle?: boolean;
  /** Where inline list items may run to (a table row's content cell ends before its basis cell). */
  inlineEnd?: number;
  /** Set on items found inside a line of text rather than opening their own line. */
  inline?: boolean;
  /** A table row's category heading, the first element of its path. */
  category?: string;
  /** A table row's cells whose column names their unit (奖励金额（万元）): bare numbers there are amounts. */
  unitCells?: UnitCell[];
}

export type { UnitCell };

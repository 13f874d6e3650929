import { plural } from './format.ts';

/** How much a document may hold, and how long its lists may be. */
export interface Limits {
  findingsPerRule: number;
  layers: number;
  directories: number;
  notices: number;
  maxSize: number;
  /** Size of a piece of text in the unit `maxSize` counts. */
  measure: (text: string) => number;
  /** Where the reader finds what was left out. */
  fullList: string;
  headingLevel: number;
}

/** Room kept for the note that says what was cut. */
const TRUNCATION_NOTE_RESERVE = 1_000;

/** List bounds are scaled by these in turn until the document fits, so every rule and table keeps a few rows. */
const LIST_SCALES = [1, 0.4, 0.1, 0];

/** Renders with shorter and shorter lists; only when the shortest do not fit is the end cut, with a note. */
export function renderWithin(limits: Limits, build: (doc: BoundedDocument, limits: Limits) => void, note: (left: string) => string): string {
  let rendered = '';
  for (const scale of LIST_SCALES) {
    const scaled: Limits = {
      ...limits,
      findingsPerRule: Math.max(1, Math.floor(limits.findingsPerRule * scale)),
      layers: Math.max(1, Math.floor(limits.layers * scale)),
      directories: Math.max(1, Math.floor(limits.directories * scale)),
      notices: Math.max(1, Math.floor(limits.notices * scale)),
    };
    const doc = new BoundedDocument(scaled);
    build(doc, scaled);
    rendered = doc.finish(note);
    if (!doc.truncated) break;
  }
  return rendered;
}

/** A piece of the document: a head, then items that are dropped one by one when space runs out. */
export interface Section {
  head: string;
  /** Rendered only while there is room. */
  items: (() => string)[];
  kind: 'finding' | 'row';
  /** Items left out by a list bound before any space was counted. */
  hidden: number;
  /** The line that says how many items are not shown. */
  more: (count: number) => string;
  tail: string;
  /**
   * Opens a wrapper (`<details>`) that this text closes: room for it is kept from then on, and it
   * is written at the next `closesGroup` section, so a cut document never leaves a tag open.
   */
  opensGroup?: string;
  closesGroup?: true;
}

export function block(text: string): Section {
  return { head: text, items: [], kind: 'row', hidden: 0, more: () => '', tail: '' };
}

/** A section that opens a wrapper with `head`, closed by `close` at the next `closeGroup()`. */
export function openGroup(head: string, close: string): Section {
  return { ...block(head), opensGroup: close };
}

export function closeGroup(): Section {
  return { ...block(''), closesGroup: true };
}

/** Markdown that stays within a size: whole sections and items, never a cut table or tag. */
export class BoundedDocument {
  private readonly limits: Limits;
  private readonly parts: string[] = [];
  private size = 0;
  private full = false;
  private omittedFindings = 0;
  private omittedRows = 0;
  /** Closing text of the open groups (undefined for one that did not open), innermost last. */
  private readonly closes: (string | undefined)[] = [];
  /** Room kept for the closing text of open groups. */
  private reserved = 0;

  constructor(limits: Limits) {
    this.limits = limits;
  }

  /** Whether something did not fit. */
  get truncated(): boolean {
    return this.full;
  }

  add(section: Section): void {
    if (section.closesGroup) {
      const close = this.closes.pop();
      if (close === undefined) return;
      this.reserved -= this.limits.measure(close);
      this.push(close);
      return;
    }
    if (section.opensGroup !== undefined) {
      const close = section.opensGroup;
      // A group that does not open leaves nothing to close: its sections are left out with it.
      if (this.full || !this.fits(section.head, 0, close)) {
        this.full = true;
        this.closes.push(undefined);
        return;
      }
      this.push(section.head);
      this.closes.push(close);
      this.reserved += this.limits.measure(close);
      return;
    }
    const total = section.items.length + section.hidden;
    // The longest "more" line this section could need, so the tail always fits.
    const moreRoom = total > 0 ? this.limits.measure(section.more(total)) : 0;
    if (this.full || !this.fits(section.head, moreRoom, section.tail)) {
      this.full = true;
      this.omit(section.kind, total);
      return;
    }
    this.push(section.head);
    let shown = 0;
    for (const item of section.items) {
      const text = item();
      if (!this.fits(text, moreRoom, section.tail)) {
        this.full = true;
        break;
      }
      this.push(text);
      shown += 1;
    }
    this.omit(section.kind, section.items.length - shown);
    if (total > shown) this.push(section.more(total - shown));
    this.push(section.tail);
  }

  finish(note: (left: string) => string): string {
    // Groups a caller left open are closed: their room was kept.
    for (const close of this.closes.splice(0).reverse()) if (close !== undefined) this.push(close);
    if (!this.full) return `${this.parts.join('').trimEnd()}\n`;
    const left = [this.omittedFindings > 0 && plural(this.omittedFindings, 'finding'), this.omittedRows > 0 && plural(this.omittedRows, 'table row')].filter(
      (part) => part !== false,
    );
    return `${this.parts.join('').trimEnd()}\n\n${note(left.length === 0 ? 'the rest' : joinWords(left))}`;
  }

  private fits(text: string, moreRoom: number, tail: string): boolean {
    const available = this.limits.maxSize - TRUNCATION_NOTE_RESERVE;
    return this.size + this.reserved + this.limits.measure(text) + moreRoom + this.limits.measure(tail) <= available;
  }

  private push(text: string): void {
    this.parts.push(text);
    this.size += this.limits.measure(text);
  }

  private omit(kind: Section['kind'], count: number): void {
    if (kind === 'finding') this.omittedFindings += count;
    else this.omittedRows += count;
  }
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

import type { DockerfileModel, Instruction } from '../dockerfile/dockerfile.ts';
import { alignSteps, configInstruction, matchHistory, settingLocator } from '../dockerfile/history-match.ts';
import { NAMED_SECRET_KIND, type SecretSpan, isNamedSecret, redactSpans, tokenKindOf, tokenSpans } from '../facts/secret-tokens.ts';
import type { ImageConfig } from '../image/types.ts';
import type { DockerfileLocation } from '../report/model.ts';
import type { RawFinding } from '../rules/rule.ts';

const NAMED_SETTINGS = new Set(['ARG', 'ENV', 'LABEL']);

/** Maps findings to the Dockerfile line that caused them; no line rather than a wrong one. */
export class FindingLocator {
  private readonly dockerfile: DockerfileModel | undefined;
  private readonly config: ImageConfig;
  private readonly layerInstructions: (Instruction | undefined)[];
  private historySteps: Map<number, Instruction> | undefined;
  private settings: ReturnType<typeof settingLocator> | undefined;

  constructor(dockerfile: DockerfileModel | undefined, config: ImageConfig, layerCount: number) {
    this.dockerfile = dockerfile;
    this.config = config;
    const sources = dockerfile ? matchHistory(config.history, layerCount, dockerfile) : [];
    this.layerInstructions = Array.from({ length: layerCount }, (_, i) => {
      const source = sources.find((s) => s.layer === i);
      if (!source) return undefined;
      return source.instruction ?? (source.fromBaseImage ? dockerfile?.finalChain[0]?.from : undefined);
    });
  }

  locate(finding: RawFinding): DockerfileLocation | undefined {
    if (!this.dockerfile) return undefined;
    let instruction: Instruction | undefined;
    if (finding.setting) {
      const { setting, envName, historyIndex } = finding;
      // A setting recorded in history (an ENV changed later) is the instruction that wrote that entry, not the last one.
      if (historyIndex !== undefined && envName !== undefined && (setting === 'ENV' || setting === 'LABEL' || setting === 'ARG'))
        instruction = (this.settings ??= settingLocator(this.config.history, this.dockerfile))(historyIndex, setting, envName);
      instruction ??= setting === 'FROM' ? this.dockerfile.finalStage.from : configInstruction(this.dockerfile, setting, envName);
    } else if (finding.historyIndex !== undefined) instruction = this.stepAt(finding.historyIndex);
    else if (finding.layer !== undefined) instruction = this.layerInstructions[finding.layer];
    if (!instruction) return undefined;
    return { file: this.dockerfile.path, line: instruction.line, endLine: instruction.endLine, text: shownText(instruction) };
  }

  /** The RUN, COPY, ADD or WORKDIR behind a history entry, whether it made a layer or not. */
  private stepAt(historyIndex: number): Instruction | undefined {
    if (!this.dockerfile || !Array.isArray(this.config.history)) return undefined;
    this.historySteps ??= alignSteps(this.config.history, this.dockerfile).matched;
    return this.historySteps.get(historyIndex);
  }
}

/**
 * The instruction as written, with its secrets replaced by markers: the Dockerfile itself may hold
 * one (`ARG TOKEN=ghp_…`), and reports print this text.
 */
export function shownText(instruction: Instruction): string {
  const text = `${instruction.keyword} ${instruction.text}`.trim();
  const spans: SecretSpan[] = tokenSpans(text);
  if (NAMED_SETTINGS.has(instruction.keyword)) {
    for (const arg of instruction.args) {
      const at = arg.indexOf('=');
      const value = arg.slice(at + 1);
      if (at === -1 || !isNamedSecret(arg.slice(0, at), value)) continue;
      const kind = tokenKindOf(value) ?? NAMED_SECRET_KIND;
      for (let found = text.indexOf(value); found !== -1; found = text.indexOf(value, found + value.length))
        spans.push({ kind, start: found, end: found + value.length });
    }
  }
  return spans.length === 0 ? text : redactSpans(text, spans);
}

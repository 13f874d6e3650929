import type { DockerfileModel, Instruction } from '../dockerfile/dockerfile.ts';
import { configInstruction, matchHistory } from '../dockerfile/history-match.ts';
import type { ImageConfig } from '../image/types.ts';
import type { DockerfileLocation } from '../report/model.ts';
import type { RawFinding } from '../rules/rule.ts';

/** Maps findings to the Dockerfile line that caused them; no line rather than a wrong one. */
export class FindingLocator {
  private readonly dockerfile: DockerfileModel | undefined;
  private readonly layerInstructions: (Instruction | undefined)[];

  constructor(dockerfile: DockerfileModel | undefined, config: ImageConfig, layerCount: number) {
    this.dockerfile = dockerfile;
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
    if (finding.setting)
      instruction = finding.setting === 'FROM' ? this.dockerfile.finalStage.from : configInstruction(this.dockerfile, finding.setting, finding.envName);
    else if (finding.layer !== undefined) instruction = this.layerInstructions[finding.layer];
    if (!instruction) return undefined;
    return { file: this.dockerfile.path, line: instruction.line, endLine: instruction.endLine, text: `${instruction.keyword} ${instruction.text}`.trim() };
  }
}

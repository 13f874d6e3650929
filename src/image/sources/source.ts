import type { ReadBudget } from '../limits.ts';
import type { CaptureRequest, LoadedImage, Platform } from '../types.ts';

export interface LoadOptions {
  /** Only this platform; every platform of a multi-platform image when absent. */
  platform?: Platform;
  /** Which file bodies to keep, asked per regular file. */
  capture: CaptureRequest;
  /** False when only config and sizes are wanted: a registry then fetches no layer blob. */
  files: boolean;
  /** What reading may cost, shared by every layer of the reference; one from the environment's limits when absent. */
  budget?: ReadBudget;
}

/** Turns a reference into images with their layers indexed. Only sources touch Docker, files or the network. */
export interface ImageSource {
  load(options: LoadOptions): Promise<LoadedImage[]>;
}

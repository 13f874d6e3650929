/** Whether the memory behind `chunk` has been freed (release.ts detaches it: the chunk reads as empty). */
export function freed(chunk: Uint8Array): boolean {
  return (chunk.buffer as ArrayBuffer).detached;
}

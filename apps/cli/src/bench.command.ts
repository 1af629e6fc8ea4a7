export async function runBench(): Promise<number> {
  return 0;
}

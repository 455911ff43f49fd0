export async function runLiveTestDryRun(..._args: unknown[]): Promise<void> {}

export async function findAzureCli(): Promise<string | undefined> {
  return undefined;
}
export async function runAzureCliSuite(..._args: unknown[]): Promise<void> {}

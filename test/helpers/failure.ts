/** The error a call rejects with; fails the test when the call succeeds. */
export async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('call succeeded');
}

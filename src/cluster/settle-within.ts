/** Whether `promise` settled within `ms` (it is left running either way). */
export async function settleWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const result = await Promise.race([promise.then(() => true as const, () => true as const), timeout]);
  clearTimeout(timer);
  return result;
}

export const runOutage = async (_size: unknown, _log: (line: string) => void): Promise<{ config: Record<string, unknown>; figures: unknown[] }> => {
  throw new Error('not yet');
};

/** Runs a script's main function and exits with its outcome (scripts hold servers that would keep the process alive). */
export const runMain = (main: () => Promise<void>) =>
  main().then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    }
  );

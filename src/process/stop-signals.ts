/**
 * SIGTERM and SIGINT from the moment the process starts. A stop asked for while the gateway is still
 * starting (a supervisor stopping its workers, an orchestrator rolling a deploy) waits until a handler
 * is set, which then stops the gateway cleanly; until now the signal's default action killed the
 * half-started process, and a supervisor read that as a crash (exit 1). A second signal, of either
 * kind, still ends the process at once.
 */
type StopHandler = (signal: NodeJS.Signals) => void;

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

let pending: NodeJS.Signals | undefined;
let handler: StopHandler | undefined;

/** Starts catching the signals; call it before the gateway's modules load. */
export function catchStopSignals(): void {
  const first = (signal: NodeJS.Signals) => {
    // Any second stop signal, of either kind, then meets its default action and ends the process.
    for (const kind of STOP_SIGNALS) process.removeListener(kind, first);
    if (handler) handler(signal);
    else pending ??= signal;
  };
  for (const signal of STOP_SIGNALS) process.on(signal, first);
}

/** Runs `stop` on the first SIGTERM or SIGINT: at once if one came while the process was starting. */
export function onStopSignal(stop: StopHandler): void {
  handler = stop;
  if (pending) stop(pending);
}

/** Where an error annotation points: the build failure's Dockerfile line, for one. */
export interface AnnotationPlace {
  title?: string;
  file?: string;
  line?: number;
}

/**
 * What a step and the clients it builds may say to the runner, as one object. Passing this
 * rather than the `@actions/core` namespace matters for the bundles: a namespace passed as a
 * value keeps every export of it, OIDC client and undici included (about 400 KB).
 */
export interface Logger {
  info(line: string): void;
  /** A notice annotation: something the user should see that is not a problem. */
  notice(line: string): void;
  warning(line: string): void;
  error(line: string, where?: AnnotationPlace): void;
  /** Runs `body` inside a collapsible log group. */
  group<T>(name: string, body: () => Promise<T>): Promise<T>;
  /** Masks a secret in the runner's log before anything can print it. */
  mask(secret: string): void;
}

/** Time and waiting, from outside: tests give a fixed clock and waits that return at once. */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

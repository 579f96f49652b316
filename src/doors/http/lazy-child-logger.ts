import type { Bindings, ChildLoggerOptions, Logger } from 'pino';

/**
 * A request's logger that creates its pino child only when something is logged. Fastify makes a
 * child logger for every request; with redaction configured that costs more than routing, and
 * most requests log nothing through it (the access line has its own logger).
 */
export class LazyChildLogger {
  #child: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly bindings: Bindings,
    private readonly options: ChildLoggerOptions,
  ) {}

  get level(): string {
    return this.#child?.level ?? this.parent.level;
  }

  set level(level: string) {
    this.#logger().level = level;
  }

  fatal(...args: Parameters<Logger['fatal']>): void {
    this.#logger().fatal(...args);
  }

  error(...args: Parameters<Logger['error']>): void {
    this.#logger().error(...args);
  }

  warn(...args: Parameters<Logger['warn']>): void {
    this.#logger().warn(...args);
  }

  info(...args: Parameters<Logger['info']>): void {
    this.#logger().info(...args);
  }

  debug(...args: Parameters<Logger['debug']>): void {
    this.#logger().debug(...args);
  }

  trace(...args: Parameters<Logger['trace']>): void {
    this.#logger().trace(...args);
  }

  silent(): void {}

  child(bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return this.#logger().child(bindings, options);
  }

  #logger(): Logger {
    this.#child ??= this.parent.child(this.bindings, this.options);
    return this.#child;
  }
}

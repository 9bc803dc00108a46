/** The package version, reported by /ping and the CLI. */
export const VERSION = '0.1.0';

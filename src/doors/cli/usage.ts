export const USAGE = `Usage: verity <command> [options]

Commands:
  serve                                  Start the HTTP server (sandbox mode migrates on start)
  worker                                 Deliver webhooks only (no HTTP); several may share PostgreSQL
  migrate                                Apply pending database migrations
  tenant create --name NAME [--sandbox on|off] [--json]
                                         Create a tenant; prints its key and secret (shown once).
                                         Sandbox mode: a sandbox tenant (magic values) unless --sandbox off;
                                         production mode: never one (--sandbox on is refused)
  tenant list [--json]                   List tenants
  tenant update ID [--name NAME] [--self-attestation on|off|default] [--verification-bases LIST|default] [--json]
                                         Rename a tenant, or allow it to attest its customers' verification
  tenant rotate-secret ID [--json]       Issue a new secret; the old one and its tokens stop working
  operator create --username U --role reviewer|admin
                                         Create a back-office operator; the password is read from stdin
  operator unlock USERNAME               Lift an operator's sign-in lockouts (from every address)
  lists import --source KIND [--tenant ID] PATH... [--json]
                                         Import a sanctions or block list as a new version, then rescreen
                                         every customer against what changed. KIND: ofac-sdn (SDN.xml, or
                                         sdn.csv add.csv alt.csv), eu-fsf, un, uk, opensanctions (FtM JSON
                                         lines), csv (a tenant's own blocklist: --tenant ID)
  lists list [--all] [--json]            The active lists (--all: every version) and how old each is
  screening rescreen [--json]            Screen every customer against every active list now
  screening runs [--json]                The latest screening runs: when, which lists, how many, what found
  help                                   Show this help

Configuration comes from environment variables (PORT, HOST, VERITY_DATA_DIR, DATABASE_URL,
VERITY_MODE, VERITY_PUBLIC_URL, VERITY_MASTER_KEY, LOG_LEVEL, ...); see the README.
`;

/** A mistake in how the command was called: the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {}

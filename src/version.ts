/** The version of crm: `crm --version`, and what a backup's manifest says made it. */
export const VERSION = '0.1.0';

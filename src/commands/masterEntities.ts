// The master-data entities of `crm clients|products|… `, and how their columns become flags
// (`discount_pct` → `--discount-pct`), shared by the command tree and the commands.

export const MASTER_ENTITIES = ['clients', 'products', 'suppliers', 'managers', 'groups'] as const;
export type MasterEntity = (typeof MASTER_ENTITIES)[number];

/** `discount_pct` → `--discount-pct`; commander gives it back as `discountPct`. */
export const flagOf = (column: string) => `--${column.replace(/_/g, '-')}`;
export const optionKeyOf = (column: string) => column.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());

export const SINGULAR = { clients: 'client', products: 'product', suppliers: 'supplier', managers: 'manager', groups: 'group' } as const satisfies Record<MasterEntity, string>;


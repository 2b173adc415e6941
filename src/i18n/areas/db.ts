// `crm db …`: what the maintenance commands did.
import { defineArea } from '../area.js';
import { plural, pluralRu } from '../../util/plural.js';

/** The rows of each derived table, by its name. */
export interface DerivedRows {
  groupRows: number;
  clientRows: number;
  clientGroupRows: number;
  productMonthRows: number;
}

export const db = defineArea(
  {
    /** `crm db rebuild-summaries [--check]`: every derived table by name with its rows, then the drift. */
    'db.summaries': (checked: boolean, r: DerivedRows, differed: number) =>
      `sales summaries ${checked ? 'checked' : 'rebuilt'}: sales_summary ${plural(r.groupRows, 'month × group row')}, ` +
      `sales_summary_client ${plural(r.clientRows, 'month × client row')}, sales_summary_client_group ${plural(r.clientGroupRows, 'month × client × group row')}, ` +
      `product_month_sales ${plural(r.productMonthRows, 'SKU × month row')}; ` +
      (differed === 0 ? 'they matched the shipments' : `${plural(differed, 'row')} ${checked ? (differed === 1 ? 'differs' : 'differ') : 'differed'} from the shipments`),
  },
  {
    'db.summaries': (checked: boolean, r: DerivedRows, differed: number) =>
      `сводки продаж ${checked ? 'проверены' : 'пересчитаны'}: sales_summary ${pluralRu(r.groupRows, 'строка', 'строки', 'строк')} (месяц × группа), ` +
      `sales_summary_client ${pluralRu(r.clientRows, 'строка', 'строки', 'строк')} (месяц × клиент), sales_summary_client_group ${pluralRu(r.clientGroupRows, 'строка', 'строки', 'строк')} (месяц × клиент × группа), ` +
      `product_month_sales ${pluralRu(r.productMonthRows, 'строка', 'строки', 'строк')} (SKU × месяц); ` +
      (differed === 0
        ? 'совпадают с отгрузками'
        : `${pluralRu(differed, 'строка', 'строки', 'строк')} ${checked ? (differed % 10 === 1 && differed % 100 !== 11 ? 'расходится' : 'расходятся') : differed % 10 === 1 && differed % 100 !== 11 ? 'расходилась' : 'расходились'} с отгрузками`),
  },
);

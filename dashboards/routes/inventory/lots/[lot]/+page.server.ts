import { error } from '@sveltejs/kit';
import { lotTraceByNumber } from '$lib/server/lot-trace.js';
import { InventoryParamError, parseLotNo } from '$lib/inventory-params.js';
import type { PageServerLoad } from './$types';

/** One lot's trace, read from the operational database: back to the supplier receipts, forward to the customer deliveries. */
export const load: PageServerLoad = async ({ params }) => {
  let lotNo;
  try {
    lotNo = parseLotNo(params.lot);
  } catch (e) {
    if (e instanceof InventoryParamError) error(400, e.message);
    throw e;
  }
  const found = await lotTraceByNumber(lotNo);
  if (!found) error(404, `There is no lot ${lotNo}: lot numbers look like LOT-00000042 (the Inventory page lists the lots received).`);
  return { lotNo, ...found };
};

import { error, redirect } from '@sveltejs/kit';
import { InventoryParamError, parseLotNo } from '$lib/inventory-params.js';
import type { PageServerLoad } from './$types';

/** The "trace a lot" form's target (GET ?lot=…): on to that lot's trace page. */
export const load: PageServerLoad = ({ url }) => {
  const text = url.searchParams.get('lot');
  if (text === null || text.trim() === '') error(400, 'name a lot to trace, like LOT-00000042');
  let lot;
  try {
    lot = parseLotNo(text);
  } catch (e) {
    if (e instanceof InventoryParamError) error(400, e.message);
    throw e;
  }
  redirect(303, `/inventory/lots/${encodeURIComponent(lot)}`);
};

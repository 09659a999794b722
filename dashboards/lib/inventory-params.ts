import { ABC, XYZ } from './charts/abc-xyz-matrix.js';

/**
 * The Inventory page's own URL parameters: the ABC×XYZ cell the item table is narrowed to
 * (`abc=A&xyz=X`; either alone narrows to a row or a column of the matrix).
 */
export interface AbcXyzSelection { abc: (typeof ABC)[number] | null; xyz: (typeof XYZ)[number] | null }

export class InventoryParamError extends Error {
  override readonly name = 'InventoryParamError';
}

export function parseAbcXyz(params: URLSearchParams): AbcXyzSelection {
  const abc = params.get('abc') || null;
  const xyz = params.get('xyz') || null;
  if (abc !== null && !(ABC as readonly string[]).includes(abc)) throw new InventoryParamError(`abc must be one of ${ABC.join(', ')}, not '${abc.slice(0, 40)}'`);
  if (xyz !== null && !(XYZ as readonly string[]).includes(xyz)) throw new InventoryParamError(`xyz must be one of ${XYZ.join(', ')}, not '${xyz.slice(0, 40)}'`);
  return { abc: abc as AbcXyzSelection['abc'], xyz: xyz as AbcXyzSelection['xyz'] };
}

/** A lot number as the trace page takes it from its URL: LOT- and digits, or another code-like number. */
const LOT_NO = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;

export function parseLotNo(text: string): string {
  const lot = text.trim();
  if (!LOT_NO.test(lot)) throw new InventoryParamError(`a lot number is letters, digits, '-', '_' or '.' (like LOT-00000042), not '${lot.slice(0, 60)}'`);
  return lot;
}

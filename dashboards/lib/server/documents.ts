import { error } from '@sveltejs/kit';
import { core, readDocument } from '../../../domain/index.js';
import { dashboardContext } from './context.js';
import { DOCUMENT_KINDS, DOCUMENT_LABELS, isDocumentKind } from '../documents.js';
import { documentView, type DocumentView } from '../document-view.js';

/** Document numbers as the books write them (SO-0000012, JE-00000345, LOT-OPEN-3-1): letters, digits, dots, dashes, underscores. */
const NUMBER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$/;

/**
 * The document behind a dashboard row, from Postgres through the domain library's readers: a
 * kind that is not one of them is a 400 naming the kinds there are, a number that is not a
 * document of that kind a 404 saying so. Service tickets' SLA standing is judged on the
 * company's business day (the simulated company's last day; today otherwise).
 */
export async function loadDocument(kind: string, number: string): Promise<DocumentView> {
  if (!isDocumentKind(kind)) error(400, `There is no document kind '${kind}'. Documents are: ${DOCUMENT_KINDS.join(', ')}.`);
  if (!NUMBER.test(number)) error(400, `'${number}' is not a document number: numbers are letters, digits and dashes, like SO-0000012.`);
  const { db } = dashboardContext().database;
  const [asOf, functional] = await Promise.all([core.simulationState(db).then((s) => s?.lastDate), core.functionalCurrency(db)]);
  const doc = await readDocument(db, kind, number, asOf ? { asOf } : {});
  if (!doc) error(404, `There is no ${DOCUMENT_LABELS[kind].toLowerCase()} ${number}.`);
  return documentView(doc, functional);
}

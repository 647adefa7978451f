import { error } from '@sveltejs/kit';
import QRCode from 'qrcode';
import { isId } from '@muster/core';
import { publicationsIn } from '$lib/forms/publications.server';
import { requireMember } from '$lib/server/access';
import type { PageServerLoad } from './$types';

/** The printable A4 poster: the form's title and a QR code of its fill link. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { workspace } = await requireMember(locals, url, params.ws);
  if (!isId(params.id)) error(404, 'Not found');
  const publication = publicationsIn(locals.app.config.dataDir).get(workspace.id, params.id);
  if (!publication) error(404, 'Not found');
  const link = `${url.origin}/f/${workspace.id}/${params.id}`;
  const svg = await QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return {
    title: publication.title,
    workspaceName: workspace.name,
    link,
    qr: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
  };
};

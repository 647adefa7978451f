import { error, json } from '@sveltejs/kit';
import { isId } from '@muster/core';
import { publicationsIn } from '$lib/forms/publications.server';
import { mintRespondentToken, respondentLimits } from '$lib/forms/respondent-token.server';
import { syncUrlFor } from '$lib/server/sync-token';
import type { RequestHandler } from './$types';

/**
 * `POST /api/forms/respondent-token` with `{ ws, form, device }` → `{ token, exp, role, url }`:
 * a five-minute relay token for an anonymous device, valid for its own submission room of this
 * form and for reading the form. Only forms published for "anyone with the link"; rate-limited
 * per device and per IP.
 */
export const POST: RequestHandler = async ({ locals, request, url, getClientAddress }) => {
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > 1024) error(413, 'Body too large: send only { "ws", "form", "device" }.');
  let body: unknown;
  try {
    body = JSON.parse((await request.text()).slice(0, 1025));
  } catch {
    error(400, 'Send JSON: { "ws": "<id>", "form": "<id>", "device": "<id>" }.');
  }
  const { ws, form, device } = (body ?? {}) as Record<string, unknown>;
  if (!isId(ws) || !isId(form) || !isId(device)) {
    error(400, 'ws, form and device must be ids (16–32 characters A–Z, a–z, 0–9, "-", "_").');
  }
  const ip = getClientAddress();
  for (const [limiter, key] of [
    [respondentLimits.perIp, ip],
    [respondentLimits.perDevice, device],
  ] as const) {
    const verdict = limiter.check(key);
    if (!verdict.allowed) {
      const seconds = Math.ceil(verdict.retryAfterMs / 1000);
      error(429, `Too many token requests; try again in ${seconds} s.`);
    }
    limiter.fail(key);
  }
  const publication = publicationsIn(locals.app.config.dataDir).get(ws, form);
  // Unpublished, or published for named people only: the same 404, so form ids cannot be probed.
  if (!publication || !publication.anyone) error(404, 'Not found');
  const { token, exp } = await mintRespondentToken(locals.app.secret, { ws, form, device });
  const { config } = locals.app;
  return json(
    { token, exp, role: 'respondent', url: syncUrlFor(config.syncUrl, config.syncPort, url) },
    { headers: { 'cache-control': 'no-store' } },
  );
};

import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { anonymousRespondentId } from './anonymous-id';
import { mintRespondentToken, respondentRooms } from './respondent-token.server';

const secret = 'z'.repeat(40);
const ws = 'AAAAAAAAAAAAAAAA';
const form = 'BBBBBBBBBBBBBBBB';
const device = 'DDDDDDDDDDDDDDDDDDDD';

describe('mintRespondentToken', () => {
  it('names a hash of the device secret as subject, the respondent role and only the form room', async () => {
    const { token, exp } = await mintRespondentToken(secret, { ws, form, device });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
    });
    const sub = anonymousRespondentId(device);
    expect(sub).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(sub).not.toBe(device);
    expect(payload).toMatchObject({
      sub,
      ws,
      role: 'respondent',
      rooms: [`ws/${ws}/form/${form}`],
      exp,
    });
    // The relay lets a respondent write only sub rooms named after its subject.
    expect(respondentRooms(ws, form, device).sub).toBe(`ws/${ws}/sub/${form}/${sub}`);
  });

  it("never lets a caller pick its subject: a colleague's user id is hashed like any secret", async () => {
    const colleague = 'CCCCCCCCCCCCCCCC';
    const { token } = await mintRespondentToken(secret, { ws, form, device: colleague });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret));
    expect(payload.sub).not.toBe(colleague);
    expect(anonymousRespondentId(colleague)).toBe(payload.sub);
    expect(anonymousRespondentId('another-device-secret')).not.toBe(payload.sub);
  });
});

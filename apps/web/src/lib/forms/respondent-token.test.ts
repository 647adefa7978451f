import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { mintRespondentToken, respondentRooms } from './respondent-token.server';

const secret = 'z'.repeat(40);
const ws = 'AAAAAAAAAAAAAAAA';
const form = 'BBBBBBBBBBBBBBBB';
const device = 'DDDDDDDDDDDDDDDDDDDD';

describe('mintRespondentToken', () => {
  it('names the device as subject, the respondent role and only the form room to read', async () => {
    const { token, exp } = await mintRespondentToken(secret, { ws, form, device });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
    });
    expect(payload).toMatchObject({
      sub: device,
      ws,
      role: 'respondent',
      rooms: [`ws/${ws}/form/${form}`],
      exp,
    });
    // The relay lets a respondent write only sub rooms named after its subject.
    expect(respondentRooms(ws, form, device).sub).toBe(`ws/${ws}/sub/${form}/${device}`);
  });
});

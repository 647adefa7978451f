import { newId } from '@muster/core';
import type { Question } from '../src/index';

/**
 * fast-check options with a printed seed. Replay a failure with FORMS_SEED=<seed> (the seed is
 * printed before each property runs, and fast-check prints the failing path too).
 */
export function fcOptions(name: string, numRuns = 200): { seed: number; numRuns: number } {
  const fixed = process.env.FORMS_SEED;
  const seed = fixed ? Number(fixed) : Math.floor(Math.random() * 2 ** 31);
  console.info(`[fast-check] ${name}: seed=${seed} runs=${numRuns}`);
  return { seed, numRuns };
}

/** One question of every type, with fixed ids so tests read well. */
export function everyType(): Question[] {
  const id = (s: string) => (s + '_'.repeat(16)).slice(0, 16);
  return [
    { id: id('short'), type: 'shortText', title: 'Name', required: true, maxLength: 20 },
    { id: id('long'), type: 'longText', title: 'Notes' },
    {
      id: id('num'),
      type: 'number',
      title: 'Count',
      unit: 'people',
      min: 0,
      max: 100,
      decimals: 0,
    },
    { id: id('temp'), type: 'temperature', title: '体温' },
    {
      id: id('single'),
      type: 'singleChoice',
      title: 'Mode',
      choices: [
        { id: id('onsite'), label: '现场' },
        { id: id('remote'), label: '远程' },
      ],
    },
    {
      id: id('multi'),
      type: 'multipleChoice',
      title: 'Symptoms',
      allowOther: true,
      maxSelected: 2,
      choices: [
        { id: id('cough'), label: '咳嗽' },
        { id: id('fever'), label: '发热' },
        { id: id('none'), label: '无' },
      ],
    },
    { id: id('yesno'), type: 'yesNo', title: 'Contact?' },
    { id: id('date'), type: 'date', title: 'Return date', min: '2020-01-01', max: '2030-12-31' },
    { id: id('time'), type: 'time', title: 'Time' },
    { id: id('cnphone'), type: 'phone', title: 'Mobile', region: 'cnMobile' },
    { id: id('intlphone'), type: 'phone', title: 'Phone', region: 'international' },
    {
      id: id('code'),
      type: 'idCode',
      title: 'Staff no.',
      pattern: '[A-Z]{2}\\d{4}',
      patternHint: 'AB1234',
    },
    { id: id('dept'), type: 'department', title: 'Department' },
    { id: id('person'), type: 'person', title: 'Manager' },
    { id: id('loc'), type: 'location', title: 'Where', requireRegion: true },
    { id: id('rating'), type: 'rating', title: 'Rating' },
    { id: id('ack'), type: 'acknowledgement', title: 'I have read this', required: true },
  ];
}

export const FIXED_ID = (s: string) => (s + '_'.repeat(16)).slice(0, 16);
export { newId };

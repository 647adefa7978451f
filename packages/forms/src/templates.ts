import { dailySchedule, newId, type Schedule } from '@muster/core';
import type { FormSnapshot } from './definition';
import type { Condition, Question } from './questions';

/** Languages templates ship in. */
export type TemplateLocale = 'zh-CN' | 'en';

/** The templates Muster ships. */
export const TemplateKey = {
  healthCheckIn: 'healthCheckIn',
  returnToWork: 'returnToWork',
  workLog: 'workLog',
  noticeAcknowledgement: 'noticeAcknowledgement',
} as const;
export type TemplateKey = (typeof TemplateKey)[keyof typeof TemplateKey];

type L = { 'zh-CN': string; en: string };

// A template question names other questions and choices by local keys; instantiating replaces
// every key with a fresh stable id, so two forms made from one template never share ids.
interface Draft {
  key: string;
  type: Question['type'];
  title: L;
  help?: L;
  required?: boolean;
  prefillFromLast?: boolean;
  choices?: { key: string; label: L }[];
  allowOther?: boolean;
  unit?: L;
  min?: number;
  max?: number;
  decimals?: number;
  visibleIf?: { question: string; op: 'is' | 'gte' | 'contains'; value: string | number };
  region?: 'cnMobile' | 'international' | 'any';
}

interface Template {
  title: L;
  description: L;
  schedule: 'daily' | 'once';
  questions: Draft[];
}

const yesNo = (key: string, zh: string, en: string, extra: Partial<Draft> = {}): Draft => ({
  key,
  type: 'yesNo',
  title: { 'zh-CN': zh, en },
  required: true,
  ...extra,
});

const TEMPLATES: Record<TemplateKey, Template> = {
  healthCheckIn: {
    title: { 'zh-CN': '每日健康打卡', en: 'Daily health check-in' },
    description: {
      'zh-CN': '请每天上午 10 点前填写。如有发热或咳嗽，请先联系部门负责人。',
      en: 'Please fill in before 10:00 every day. If you have a fever or a cough, call your manager first.',
    },
    schedule: 'daily',
    questions: [
      {
        key: 'temp',
        type: 'temperature',
        title: { 'zh-CN': '今日体温', en: "Today's temperature" },
        required: true,
      },
      {
        key: 'symptoms',
        type: 'multipleChoice',
        title: { 'zh-CN': '今日症状', en: 'Symptoms today' },
        required: true,
        allowOther: true,
        choices: [
          { key: 'none', label: { 'zh-CN': '无', en: 'None' } },
          { key: 'fever', label: { 'zh-CN': '发热', en: 'Fever' } },
          { key: 'cough', label: { 'zh-CN': '干咳', en: 'Dry cough' } },
          { key: 'fatigue', label: { 'zh-CN': '乏力', en: 'Fatigue' } },
          { key: 'breath', label: { 'zh-CN': '呼吸困难', en: 'Shortness of breath' } },
        ],
      },
      {
        key: 'location',
        type: 'location',
        title: { 'zh-CN': '当前所在地', en: 'Where are you now?' },
        required: true,
        prefillFromLast: true,
      },
      yesNo(
        'contact',
        '近 14 天是否接触过确诊或疑似病例？',
        'Contact with a confirmed or suspected case in the last 14 days?',
      ),
      {
        key: 'mode',
        type: 'singleChoice',
        title: { 'zh-CN': '今日工作方式', en: 'Working today' },
        required: true,
        prefillFromLast: true,
        choices: [
          { key: 'onsite', label: { 'zh-CN': '到岗', en: 'On site' } },
          { key: 'remote', label: { 'zh-CN': '远程', en: 'Remote' } },
          { key: 'leave', label: { 'zh-CN': '休假', en: 'On leave' } },
        ],
      },
    ],
  },
  returnToWork: {
    title: { 'zh-CN': '返岗人员统计', en: 'Return-to-work headcount' },
    description: {
      'zh-CN': '统计全体人员的返岗计划与健康状况。',
      en: "Everyone's return plan and health status.",
    },
    schedule: 'once',
    questions: [
      {
        key: 'dept',
        type: 'department',
        title: { 'zh-CN': '所在部门', en: 'Department' },
        required: true,
      },
      {
        key: 'date',
        type: 'date',
        title: { 'zh-CN': '计划返岗日期', en: 'Planned return date' },
        required: true,
      },
      {
        key: 'from',
        type: 'location',
        title: { 'zh-CN': '出发地', en: 'Travelling from' },
        required: true,
      },
      {
        key: 'quarantine',
        type: 'singleChoice',
        title: { 'zh-CN': '隔离情况', en: 'Quarantine status' },
        required: true,
        choices: [
          { key: 'none', label: { 'zh-CN': '无需隔离', en: 'Not required' } },
          { key: 'home', label: { 'zh-CN': '居家隔离中', en: 'Home quarantine' } },
          { key: 'central', label: { 'zh-CN': '集中隔离中', en: 'Central quarantine' } },
          { key: 'done', label: { 'zh-CN': '已解除隔离', en: 'Quarantine completed' } },
        ],
      },
      {
        key: 'code',
        type: 'singleChoice',
        title: { 'zh-CN': '健康码颜色', en: 'Health code colour' },
        required: true,
        choices: [
          { key: 'green', label: { 'zh-CN': '绿码', en: 'Green' } },
          { key: 'yellow', label: { 'zh-CN': '黄码', en: 'Yellow' } },
          { key: 'red', label: { 'zh-CN': '红码', en: 'Red' } },
        ],
      },
    ],
  },
  workLog: {
    title: { 'zh-CN': '工作日志', en: 'Daily work log' },
    description: {
      'zh-CN': '每个工作日下班前填写。',
      en: 'Fill in before you finish each working day.',
    },
    schedule: 'daily',
    questions: [
      {
        key: 'customers',
        type: 'number',
        title: { 'zh-CN': '今日跟进客户数', en: 'Customers followed up today' },
        required: true,
        min: 0,
        max: 1000,
        decimals: 0,
        unit: { 'zh-CN': '个', en: 'customers' },
      },
      {
        key: 'progress',
        type: 'longText',
        title: { 'zh-CN': '今日进展', en: 'Progress today' },
        required: true,
      },
      {
        key: 'plan',
        type: 'longText',
        title: { 'zh-CN': '明日计划', en: 'Plan for tomorrow' },
        required: true,
      },
      yesNo('blocked', '是否遇到阻碍？', 'Anything blocking you?'),
      {
        key: 'blockers',
        type: 'longText',
        title: { 'zh-CN': '遇到的阻碍', en: 'Blockers' },
        required: true,
        visibleIf: { question: 'blocked', op: 'is', value: 'true' },
      },
      { key: 'notes', type: 'longText', title: { 'zh-CN': '其他', en: 'Anything else' } },
    ],
  },
  noticeAcknowledgement: {
    title: { 'zh-CN': '通知确认', en: 'Notice acknowledgement' },
    description: {
      'zh-CN': '请阅读通知全文后确认。',
      en: 'Please read the whole notice, then confirm.',
    },
    schedule: 'once',
    questions: [
      {
        key: 'ack',
        type: 'acknowledgement',
        title: { 'zh-CN': '我已阅读并知悉以上通知', en: 'I have read and understood this notice' },
        required: true,
      },
      {
        key: 'questions',
        type: 'longText',
        title: { 'zh-CN': '有疑问请留言', en: 'Questions, if any' },
      },
    ],
  },
};

/** The keys of all shipped templates. */
export function templateKeys(): TemplateKey[] {
  return Object.keys(TEMPLATES) as TemplateKey[];
}

/**
 * A new form definition from a shipped template, in one language, with fresh stable ids. Daily
 * templates collect every day in `timeZone` (weekends skipped for the work log).
 *
 * @example
 * const snap = instantiateTemplate('healthCheckIn', 'zh-CN', { timeZone: 'Asia/Shanghai' });
 * formFromSnapshot(new Y.Doc(), snap);
 */
export function instantiateTemplate(
  key: TemplateKey,
  locale: TemplateLocale,
  opts: { timeZone: string },
): Omit<FormSnapshot, 'tableId'> {
  const t = TEMPLATES[key];
  const ids = new Map<string, string>();
  const idOf = (k: string) => {
    if (!ids.has(k)) ids.set(k, newId());
    return ids.get(k) as string;
  };
  const questions = t.questions.map((d): Question => {
    const q: Record<string, unknown> = { id: idOf(d.key), type: d.type, title: d.title[locale] };
    if (d.help) q.help = d.help[locale];
    if (d.required) q.required = true;
    if (d.prefillFromLast) q.prefillFromLast = true;
    if (d.choices)
      q.choices = d.choices.map((c) => ({ id: idOf(`${d.key}.${c.key}`), label: c.label[locale] }));
    if (d.allowOther) q.allowOther = true;
    if (d.unit) q.unit = d.unit[locale];
    for (const k of ['min', 'max', 'decimals', 'region'] as const)
      if (d[k] !== undefined) q[k] = d[k];
    if (d.visibleIf) {
      const target = t.questions.find((x) => x.key === d.visibleIf?.question) as Draft;
      const raw = d.visibleIf.value;
      // Conditions name choices by key and yes/no by "true"; resolve to what answers hold.
      const value =
        target.type === 'yesNo'
          ? raw === 'true'
          : target.choices
            ? idOf(`${target.key}.${raw}`)
            : raw;
      q.visibleIf = { question: idOf(target.key), op: d.visibleIf.op, value } satisfies Condition;
    }
    return q as unknown as Question;
  });
  const schedule: Schedule =
    t.schedule === 'daily'
      ? dailySchedule(
          opts.timeZone,
          key === 'workLog' ? { skipWeekends: true } : { closeTime: '00:00' },
        )
      : { kind: 'once', opensAt: null, closesAt: null };
  return {
    title: t.title[locale],
    description: t.description[locale],
    sections: [],
    questions,
    schedule,
    audience: { anyone: false, departments: [], people: [] },
    anonymous: false,
  };
}

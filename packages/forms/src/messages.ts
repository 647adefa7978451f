import type { Question } from './questions';

/** Why an answer was refused; the fill page and the receipt both carry this code. */
export const FieldErrorCode = {
  required: 'required',
  /** The value has the wrong JSON type for the question (text where a number belongs …). */
  type: 'type',
  tooLong: 'tooLong',
  min: 'min',
  max: 'max',
  decimals: 'decimals',
  temperature: 'temperature',
  pattern: 'pattern',
  phone: 'phone',
  choice: 'choice',
  other: 'other',
  tooFewSelected: 'tooFewSelected',
  tooManySelected: 'tooManySelected',
  date: 'date',
  time: 'time',
  department: 'department',
  person: 'person',
  region: 'region',
  rating: 'rating',
  acknowledge: 'acknowledge',
} as const;
export type FieldErrorCode = (typeof FieldErrorCode)[keyof typeof FieldErrorCode];

/** A message in every language the product ships. */
export interface LocalizedText {
  'zh-CN': string;
  en: string;
}

/** The message shown under a field for an error code, naming the limit that was broken. */
export function fieldMessage(code: FieldErrorCode, q: Question): LocalizedText {
  switch (code) {
    case 'required':
      return { 'zh-CN': '此题为必填项', en: 'This question is required.' };
    case 'type':
      return { 'zh-CN': '答案格式不正确', en: 'This answer has the wrong format.' };
    case 'tooLong': {
      const n = 'maxLength' in q && q.maxLength !== undefined ? q.maxLength : defaultMaxLength(q);
      return { 'zh-CN': `最多 ${n} 个字`, en: `Use at most ${n} characters.` };
    }
    case 'min': {
      const n = q.type === 'number' ? q.min : q.type === 'date' ? q.min : undefined;
      return { 'zh-CN': `不能小于 ${n}`, en: `Must be at least ${n}.` };
    }
    case 'max': {
      const n = q.type === 'number' ? q.max : q.type === 'date' ? q.max : undefined;
      return { 'zh-CN': `不能大于 ${n}`, en: `Must be at most ${n}.` };
    }
    case 'decimals': {
      const n = q.type === 'number' ? (q.decimals ?? 0) : 1;
      return n === 0
        ? { 'zh-CN': '请输入整数', en: 'Enter a whole number.' }
        : { 'zh-CN': `最多保留 ${n} 位小数`, en: `Use at most ${n} decimal places.` };
    }
    case 'temperature':
      return {
        'zh-CN': '体温应在 34.0–43.0 °C 之间，保留一位小数',
        en: 'Enter a body temperature between 34.0 and 43.0 °C with one decimal.',
      };
    case 'pattern': {
      const hint = q.type === 'idCode' && q.patternHint ? q.patternHint : '';
      return {
        'zh-CN': `格式不正确${hint ? `（${hint}）` : ''}`,
        en: `This does not match the required format${hint ? ` (${hint})` : ''}.`,
      };
    }
    case 'phone':
      return q.type === 'phone' && q.region === 'cnMobile'
        ? { 'zh-CN': '请输入 11 位手机号码', en: 'Enter an 11-digit mainland China mobile number.' }
        : {
            'zh-CN': '请输入有效的电话号码（国际号码以 + 开头）',
            en: 'Enter a valid phone number (international numbers start with +).',
          };
    case 'choice':
      return { 'zh-CN': '请从选项中选择', en: 'Choose one of the options.' };
    case 'other':
      return { 'zh-CN': '“其他”内容不能超过 200 字', en: 'Keep "other" under 200 characters.' };
    case 'tooFewSelected': {
      const n = q.type === 'multipleChoice' ? q.minSelected : undefined;
      return { 'zh-CN': `至少选择 ${n} 项`, en: `Choose at least ${n}.` };
    }
    case 'tooManySelected': {
      const n = q.type === 'multipleChoice' ? q.maxSelected : undefined;
      return { 'zh-CN': `最多选择 ${n} 项`, en: `Choose at most ${n}.` };
    }
    case 'date':
      return { 'zh-CN': '请输入有效日期', en: 'Enter a valid date.' };
    case 'time':
      return { 'zh-CN': '请输入有效时间（时:分）', en: 'Enter a valid time (HH:mm).' };
    case 'department':
      return { 'zh-CN': '请选择一个存在的部门', en: 'Choose an existing department.' };
    case 'person':
      return { 'zh-CN': '请选择一个存在的人员', en: 'Choose an existing person.' };
    case 'region':
      return { 'zh-CN': '请选择所在地区', en: 'Choose a region.' };
    case 'rating':
      return { 'zh-CN': '请评 1 到 5 分', en: 'Rate from 1 to 5.' };
    case 'acknowledge':
      return { 'zh-CN': '请勾选“我已阅读”', en: 'Tick "I have read this" to continue.' };
  }
}

/** Default length limit of text questions without their own. */
export function defaultMaxLength(q: Question): number {
  return q.type === 'longText' ? 5000 : q.type === 'shortText' ? 200 : 1000;
}

/** Why a whole submission was refused (reported on the pseudo-question {@link FORM_FIELD}). */
export const SubmissionErrorCode = {
  /** The period key is not a period of the form's schedule. */
  period: 'period',
  /** The period is not open yet. */
  notOpen: 'notOpen',
  /** The period has closed. */
  closed: 'closed',
  /** The respondent is not in the form's audience. */
  audience: 'audience',
} as const;
export type SubmissionErrorCode = (typeof SubmissionErrorCode)[keyof typeof SubmissionErrorCode];

/** The question id used for errors about the submission as a whole. */
export const FORM_FIELD = '$form';

export function submissionMessage(code: SubmissionErrorCode): LocalizedText {
  switch (code) {
    case 'period':
      return { 'zh-CN': '该周期不在收集计划内', en: 'This period is not part of the schedule.' };
    case 'notOpen':
      return { 'zh-CN': '本期收集尚未开始', en: 'This collection has not opened yet.' };
    case 'closed':
      return { 'zh-CN': '本期收集已截止', en: 'This collection has closed.' };
    case 'audience':
      return { 'zh-CN': '您不在此表单的填写范围内', en: 'You are not asked to fill in this form.' };
  }
}

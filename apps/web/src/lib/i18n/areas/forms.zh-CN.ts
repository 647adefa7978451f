import type { formsEn } from './forms.en';

/** 简体中文：forms. */
export const formsZhCN: Record<keyof typeof formsEn, string> = {};

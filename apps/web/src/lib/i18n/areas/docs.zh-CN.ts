import type { docsEn } from './docs.en';

/** 简体中文：docs. */
export const docsZhCN: Record<keyof typeof docsEn, string> = {};

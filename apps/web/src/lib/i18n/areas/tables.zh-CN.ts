import type { tablesEn } from './tables.en';

/** 简体中文：tables. */
export const tablesZhCN: Record<keyof typeof tablesEn, string> = {};

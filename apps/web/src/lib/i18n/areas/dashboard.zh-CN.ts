import type { dashboardEn } from './dashboard.en';

/** 简体中文：dashboard. */
export const dashboardZhCN: Record<keyof typeof dashboardEn, string> = {};

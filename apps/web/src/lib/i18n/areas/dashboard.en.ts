/** English messages of the dashboard area (kept apart so areas are edited without touching each other). */
export const dashboardEn = {} as const;

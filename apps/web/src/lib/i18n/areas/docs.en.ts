/** English messages of the docs area (kept apart so areas are edited without touching each other). */
export const docsEn = {} as const;

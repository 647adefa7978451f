/** English messages of the forms area (kept apart so areas are edited without touching each other). */
export const formsEn = {} as const;

/** English messages of the tables area (kept apart so areas are edited without touching each other). */
export const tablesEn = {} as const;

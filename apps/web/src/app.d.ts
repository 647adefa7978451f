import type { Locale } from '$lib/i18n';
import type { AppContext } from '$lib/server/context';
import type { Session, User } from '$lib/server/db/store';

declare global {
  namespace App {
    interface Locals {
      app: AppContext;
      user: User | null;
      session: Session | null;
      locale: Locale;
    }
    interface PageData {
      locale: Locale;
      user: User | null;
    }
    interface Error {
      message: string;
    }
  }
}

export {};

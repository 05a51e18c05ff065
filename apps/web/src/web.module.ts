import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AdminController } from './admin/admin.controller';
import { ImportsApi } from './imports/imports-api';
import { ReleaseImportController } from './imports/release-import.controller';
import { InboxController } from './inbox/inbox.controller';
import { ReviewsController } from './intake/reviews.controller';
import { ApiClient } from './api/api-client';
import { OidcSignIn } from './auth/oidc-sign-in';
import { SignInController } from './auth/sign-in.controller';
import { WebErrorFilter } from './common/web-error.filter';
import { OrganisationDirectory } from './common/organisation-directory';
import { OrganisationNamesInterceptor } from './common/organisation-names.interceptor';
import { OversightController } from './oversight/oversight.controller';
import { PathwayEventController } from './pathways/pathway-event.controller';
import { ContactController } from './pathways/contact.controller';
import { PathwayPageController } from './pathways/pathway-page.controller';
import { PlanPageController } from './pathways/plan-page.controller';
import { FindPersonController } from './pathways/find-person.controller';
import { ContinuityDashboardController } from './reports/continuity-dashboard.controller';
import { RegisterReleaseController } from './releases/register-release.controller';
import { UpcomingReleasesController } from './releases/upcoming-releases.controller';
import { TaskPageController } from './tasks/task-page.controller';
import { WebConfig } from './web-config';
import { WorklistController } from './worklist/worklist.controller';

@Module({})
export class WebModule {
  static forRoot(config: WebConfig): DynamicModule {
    return {
      module: WebModule,
      imports: [
        // Per client address, across all pages (not per page): a flood of any page is limited.
        ThrottlerModule.forRoot({ throttlers: [{ ttl: 60_000, limit: config.WEB_RATE_LIMIT_PER_MINUTE }], generateKey: (_context, tracker, name) => `${name}:${tracker}` }),
      ],
      controllers: [FindPersonController, InboxController, SignInController, WorklistController, PathwayPageController, PlanPageController, PathwayEventController, ContactController, RegisterReleaseController, UpcomingReleasesController, TaskPageController, OversightController, AdminController, ContinuityDashboardController, ReviewsController, ReleaseImportController],
      providers: [{ provide: WebConfig, useValue: config }, ApiClient, ImportsApi, OrganisationDirectory, OidcSignIn, { provide: APP_INTERCEPTOR, useClass: OrganisationNamesInterceptor }, { provide: APP_FILTER, useClass: WebErrorFilter }, { provide: APP_GUARD, useClass: ThrottlerGuard }],
    };
  }
}

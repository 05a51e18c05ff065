import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganisationEntity } from '@throughcare/persistence';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';
import { OrganisationController } from './organisation.controller';
import { OrganisationService } from './organisation.service';
import { ProfileController } from './profile.controller';
import { ProfileService } from './profile.service';

@Module({
  imports: [TypeOrmModule.forFeature([OrganisationEntity])],
  controllers: [OrganisationController, ContactsController, ProfileController],
  providers: [OrganisationService, ContactsService, ProfileService],
  exports: [OrganisationService],
})
export class OrganisationModule {}

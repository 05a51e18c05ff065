import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganisationEntity } from '@throughcare/persistence';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';
import { OrganisationController } from './organisation.controller';
import { OrganisationService } from './organisation.service';

@Module({
  imports: [TypeOrmModule.forFeature([OrganisationEntity])],
  controllers: [OrganisationController, ContactsController],
  providers: [OrganisationService, ContactsService],
  exports: [OrganisationService],
})
export class OrganisationModule {}

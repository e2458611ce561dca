from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityStatus(models.TextChoices):
    """IATI's ActivityStatus codelist."""

    PIPELINE = "1", _("Pipeline / identification")
    IMPLEMENTATION = "2", _("Implementation")
    FINALISATION = "3", _("Finalisation")
    CLOSED = "4", _("Closed")
    CANCELLED = "5", _("Cancelled")
    SUSPENDED = "6", _("Suspended")


class ActivityOrigin(models.TextChoices):
    ENTERED = "entered", _("Entered in tacoord")
    BULK_IMPORT = "bulk_import", _("Bulk import (CSV / XLSX)")
    IATI_IMPORT = "iati_import", _("IATI import")


class Modality(models.TextChoices):
    ON_SITE = "on_site", _("On-site")
    REMOTE = "remote", _("Remote")
    REGIONAL_WORKSHOP = "regional_workshop", _("Regional workshop")
    SECONDMENT = "secondment", _("Secondment")
    EQUIPMENT = "equipment", _("Equipment")
    MIXED = "mixed", _("Mixed")


class CoordinationSetting(models.TextChoices):
    BILATERAL = "bilateral", _("Bilateral")
    REGIONAL = "regional", _("Regional")
    MULTILATERAL = "multilateral", _("Multilateral")
    JOINT = "joint", _("Joint")


class OrganisationRole(models.TextChoices):
    """IATI's OrganisationRole codelist."""

    FUNDING = "1", _("Funding")
    ACCOUNTABLE = "2", _("Accountable")
    EXTENDING = "3", _("Extending")
    IMPLEMENTING = "4", _("Implementing")


class TransactionType(models.TextChoices):
    """IATI's TransactionType codelist."""

    INCOMING_FUNDS = "1", _("Incoming funds")
    OUTGOING_COMMITMENT = "2", _("Outgoing commitment")
    DISBURSEMENT = "3", _("Disbursement")
    EXPENDITURE = "4", _("Expenditure")
    INTEREST_PAYMENT = "5", _("Interest payment")
    LOAN_REPAYMENT = "6", _("Loan repayment")
    REIMBURSEMENT = "7", _("Reimbursement")
    PURCHASE_OF_EQUITY = "8", _("Purchase of equity")
    SALE_OF_EQUITY = "9", _("Sale of equity")
    CREDIT_GUARANTEE = "10", _("Credit guarantee")
    INCOMING_COMMITMENT = "11", _("Incoming commitment")
    OUTGOING_PLEDGE = "12", _("Outgoing pledge")
    INCOMING_PLEDGE = "13", _("Incoming pledge")


class BudgetType(models.TextChoices):
    ORIGINAL = "1", _("Original")
    REVISED = "2", _("Revised")


class BudgetStatus(models.TextChoices):
    INDICATIVE = "1", _("Indicative")
    COMMITTED = "2", _("Committed")


class RelatedActivityType(models.TextChoices):
    PARENT = "1", _("Parent")
    CHILD = "2", _("Child")
    SIBLING = "3", _("Sibling")
    CO_FUNDED = "4", _("Co-funded")
    THIRD_PARTY = "5", _("Third party")


class ResultType(models.TextChoices):
    OUTPUT = "1", _("Output")
    OUTCOME = "2", _("Outcome")
    IMPACT = "3", _("Impact")
    OTHER = "9", _("Other")


# Sector vocabulary 1: OECD DAC CRS purpose codes, 5 digits; the only one linked to reference.Sector.
DAC_5_DIGIT_VOCABULARY = "1"
# Region vocabulary 1: OECD DAC regions.
DAC_REGION_VOCABULARY = "1"

# ruff: noqa: E501
"""A hand-labelled set of pairs of safeguarding recommendations, for measuring
`manx_learning.lib.similarity` (bench/bench_similarity.py).

- "same" pairs make the same lesson in different words: what a reader of the register would want
  to see as "previously identified".
- "diff" pairs are different lessons that share vocabulary (the same service, the same meeting,
  the same group of people): what the register must not call a repeat.

The split is fixed and by topic: every pair under a "## tuning" heading may be used to tune the
method and choose THRESHOLD; every pair under a "## held-out" heading is only measured, never
tuned on. Splitting by topic, not pair by pair, is the stricter test: a synonym added for the ED
pairs cannot flatter the held-out score, because no held-out pair is about ED attendances. Topics
alternate between the halves so each half has a similar mix.

The sentences are written in the style of published UK case review recommendations; none is
copied from a real review. Labels were written with the sentences, before any tuning.
"""

from dataclasses import dataclass
from typing import Literal

Half = Literal["tuning", "held-out"]


@dataclass(frozen=True)
class Pair:
    half: Half
    topic: str
    similar: bool
    a: str
    b: str


_DATA = """
## tuning: emergency department attendances
same: Share every emergency department attendance by a child open to children's services with the allocated social worker.
      A&E should notify social care whenever a child already known to them attends hospital.
same: Noble's Hospital should notify Children and Families of every ED attendance by a child known to them.
      The emergency department should tell Children and Families every time a child already known to them attends, so repeated attendances are seen together.
same: Develop a system that flags repeat attendances at the emergency department by children under five.
      Hospital staff should be alerted when a young child presents at A&E several times in a short period.
same: Emergency department clinicians should check the child protection information system for every child who attends with an injury.
      When a child presents to A&E with an injury, staff must look up whether the child is subject to a child protection plan.
diff: Share every emergency department attendance by a child open to children's services with the allocated social worker.
      The emergency department should provide safeguarding training to all reception staff on recognising domestic abuse.
diff: Emergency department clinicians should check the child protection information system for every child who attends with an injury.
      The child protection information system should be extended to include unborn babies on pre-birth plans.
diff: Hospital staff should be alerted when a young child presents at A&E several times in a short period.
      Hospital staff should make sure a young child is not discharged to an adult who is intoxicated.
diff: Noble's Hospital should notify Children and Families of every ED attendance by a child known to them.
      Noble's Hospital should notify Children and Families before discharging a newborn baby subject to a pre-birth child protection plan.

## held-out: children who go missing
same: Agencies should share information about children who go missing.
      Police should tell children's social care and the school on the same day that a child is reported missing from home.
same: Every child who returns from a missing episode should be offered an independent return home interview within 72 hours.
      An independent person should speak with children after they come back from being missing, within three days.
same: Patterns of repeated missing episodes should be reviewed at a multi-agency meeting to identify exploitation risk.
      When a young person goes missing three or more times, partners should meet to consider whether they are being exploited.
same: Residential children's homes should report children missing to the police promptly and share what they know of where the child may be.
      Care home staff should notify police without delay when a looked after child is absent and pass on known associates and locations.
diff: Every child who returns from a missing episode should be offered an independent return home interview within 72 hours.
      Every child who is missing education should be referred to the education welfare service within 10 school days.
diff: Patterns of repeated missing episodes should be reviewed at a multi-agency meeting to identify exploitation risk.
      Patterns of repeated missed health appointments should be treated as a possible sign of neglect.
diff: Residential children's homes should report children missing to the police promptly and share what they know of where the child may be.
      Residential children's homes should be inspected every year against the minimum standards for staffing.
diff: Agencies should share information about children who go missing.
      Agencies should share information about adults at risk who refuse care and support.

## tuning: domestic abuse
same: GPs should routinely ask patients about domestic abuse and know how to refer to specialist services.
      Primary care practitioners should be trained to make enquiries about domestic violence and signpost victims to support.
same: Police attending a domestic abuse incident should record whether children live in the household and notify children's services.
      When officers respond to domestic violence, they must identify any children in the home and pass that information to social care.
same: Cases assessed as high risk on the DASH checklist should always be referred to MARAC.
      Victims identified as at high risk of serious harm from a partner should be discussed at the multi-agency risk assessment conference.
same: Agencies should consider the impact of coercive control on a parent's ability to protect the children.
      Practitioners should understand how controlling and coercive behaviour by a partner limits a mother's capacity to keep her children safe.
diff: Domestic abuse training should be delivered to GPs and practice nurses.
      Police should make a MARAC referral for every victim of domestic abuse assessed as high risk.
diff: Domestic abuse training should be delivered to GPs and practice nurses.
      Domestic abuse perpetrator programmes should be made available on the island.
diff: Cases assessed as high risk on the DASH checklist should always be referred to MARAC.
      MARAC minutes should be shared with the GP practice of each victim and perpetrator.
diff: Police attending a domestic abuse incident should record whether children live in the household and notify children's services.
      Police should record the ethnicity and first language of domestic abuse victims.

## held-out: information sharing
same: Practitioners should understand that they can share information without consent where a child is at risk of significant harm.
      Staff must be confident that concerns about a child's safety override the need for parental consent to share information.
same: The Board should issue a single multi-agency information sharing agreement signed by all member agencies.
      All partner organisations should sign up to one island-wide protocol for sharing safeguarding information.
same: Health visitors and GPs should share concerns about a family with each other.
      Communication between the health visiting service and general practice about vulnerable families should be improved.
same: When a family moves to the island, the previous local authority's records should be requested promptly.
      Children's services should obtain the case history from the area a family has moved from as soon as they arrive.
diff: Practitioners should understand that they can share information without consent where a child is at risk of significant harm.
      Practitioners should obtain consent from parents before making a referral to early help services.
diff: The Board should issue a single multi-agency information sharing agreement signed by all member agencies.
      The Board should publish a multi-agency threshold document describing the levels of need.
diff: Health visitors and GPs should share concerns about a family with each other.
      Health visitors should carry out a home visit for every new birth within 14 days.
diff: When a family moves to the island, the previous local authority's records should be requested promptly.
      When a family on a child protection plan moves away, a transfer-in conference should be held in the receiving area within 15 working days.

## tuning: professional curiosity
same: Train frontline staff in professional curiosity: asking, checking and challenging.
      Practitioners should be supported to question what parents tell them and to verify accounts rather than accept them at face value.
same: Agencies should help staff recognise disguised compliance, where parents appear to cooperate but nothing changes for the child.
      Practitioners need to look beyond apparent engagement by parents and judge whether the child's circumstances are actually improving.
same: Home visits should include seeing the child's bedroom and sleeping arrangements.
      Workers visiting the family home should ask to see where the children sleep.
same: Practitioners should check who else is living in or visiting the household.
      Staff should establish the identity of all adults in the home, including new partners.
diff: Train frontline staff in professional curiosity: asking, checking and challenging.
      Train frontline staff in the use of the new electronic case recording system.
diff: Home visits should include seeing the child's bedroom and sleeping arrangements.
      Home visits to families on child protection plans should be unannounced at least once a month.
diff: Agencies should help staff recognise disguised compliance, where parents appear to cooperate but nothing changes for the child.
      Agencies should help staff recognise the signs of female genital mutilation.
diff: Practitioners should check who else is living in or visiting the household.
      Practitioners should check that the household has adequate heating and food during the winter.

## held-out: neglect
same: The Board should adopt a single neglect assessment tool, such as the Graded Care Profile, for use by all agencies.
      All partners should use one common tool to assess neglect so that judgements are consistent across agencies.
same: Practitioners should consider the cumulative impact of chronic neglect rather than responding to each incident separately.
      Staff should look at the accumulated effect of long-standing neglect over time, not treat each concern in isolation.
same: Agencies should keep a chronology of concerns in neglect cases to show patterns over time.
      Long-running neglect cases should have a running timeline of significant events so that drift is visible.
same: Missed health appointments should be treated as a possible indicator of neglect and followed up.
      Where a child is not brought to medical appointments, health staff should see this as a safeguarding concern and act on it.
diff: The Board should adopt a single neglect assessment tool, such as the Graded Care Profile, for use by all agencies.
      The Board should adopt a single tool for assessing the risk of child sexual exploitation.
diff: Practitioners should consider the cumulative impact of chronic neglect rather than responding to each incident separately.
      Practitioners should consider the impact of neglect on a child's dental health and refer them for treatment.
diff: Missed health appointments should be treated as a possible indicator of neglect and followed up.
      Missed appointments at adult mental health services should prompt a review of the patient's medication.
diff: Agencies should keep a chronology of concerns in neglect cases to show patterns over time.
      Schools should keep a record of pupils arriving hungry or in unwashed clothes and share it with the school nurse.

## tuning: early help and thresholds
same: The Board should agree an island-wide early help strategy with all member agencies.
      Partners should develop and publish a joint strategy for early intervention with families before problems escalate.
same: The threshold document should be revised so that practitioners apply the levels of need consistently.
      Agencies interpret the continuum of need differently; the guidance on thresholds should be clarified and relaunched.
same: Families stepped down from statutory social care should have a lead professional and an early help plan in place.
      When a case is closed by children's social care, there should be a handover to a named early help worker.
same: An early help assessment should be offered when a school has repeated low-level concerns about a child.
      Schools should start an early help assessment when minor worries about a pupil keep building up.
diff: The Board should agree an island-wide early help strategy with all member agencies.
      The Board should agree a multi-agency strategy on exploitation outside the home.
diff: The threshold document should be revised so that practitioners apply the levels of need consistently.
      The threshold for holding an emergency strategy discussion out of hours should be agreed with the police.
diff: Families stepped down from statutory social care should have a lead professional and an early help plan in place.
      Families stepped down from statutory social care should be asked for feedback about their experience.
diff: An early help assessment should be offered when a school has repeated low-level concerns about a child.
      Schools should be given training on completing early help assessments.

## held-out: child protection conferences
same: GPs should provide a written report to every initial child protection conference for children registered with their practice.
      General practitioners should contribute information to child protection case conferences, in writing if they cannot attend.
same: Children and young people should be supported to give their views to child protection conferences, with an advocate if they wish.
      An independent advocate should be offered to help the child have their voice heard in child protection meetings.
same: Core group meetings should review progress against the child protection plan at least every six weeks.
      The multi-agency group that carries out a child protection plan should meet regularly and check whether outcomes are being achieved.
same: Parents should receive conference reports at least two working days before the meeting.
      Families should get copies of agency reports in good time before the case conference so they can prepare.
diff: GPs should provide a written report to every initial child protection conference for children registered with their practice.
      GPs should code child protection plans on the records of every child in the household.
diff: Children and young people should be supported to give their views to child protection conferences, with an advocate if they wish.
      Child protection conferences should be chaired by an independent reviewing officer with no line management responsibility for the case.
diff: Core group meetings should review progress against the child protection plan at least every six weeks.
      Core group meetings should be held at times that working parents can attend.
diff: Parents should receive conference reports at least two working days before the meeting.
      Parents with a learning disability should be offered an advocate at conferences.

## tuning: strategy discussions
same: Health should be represented at every strategy discussion about a child.
      A health professional must be invited to all child protection strategy meetings.
same: Strategy discussions should be held promptly, and no later than one working day after a referral that suggests significant harm.
      Where there is reasonable cause to suspect significant harm, police, social care and health should confer within 24 hours.
same: Decisions and actions agreed at strategy discussions should be recorded and circulated to all attendees.
      The outcome of each strategy meeting should be written up and shared with every agency that took part.
same: Police and children's services should jointly decide whether a single or joint investigation is needed.
      Whether an enquiry is led by social care alone or jointly with the police should be agreed between the two agencies at the outset.
diff: Health should be represented at every strategy discussion about a child.
      Health should be represented on the Board's quality assurance subgroup.
diff: Strategy discussions should be held promptly, and no later than one working day after a referral that suggests significant harm.
      Strategy discussions about adults at risk should follow the adult safeguarding procedures.
diff: Decisions and actions agreed at strategy discussions should be recorded and circulated to all attendees.
      Decisions not to hold a strategy discussion should be reviewed by a manager.
diff: Police and children's services should jointly decide whether a single or joint investigation is needed.
      Police and children's services should be located together in the multi-agency safeguarding hub.

## held-out: babies and infants
same: Any bruise on a baby who is not yet mobile should be referred to children's social care and a paediatrician.
      Bruising in pre-mobile infants must always be treated as a child protection concern and assessed by a specialist.
same: Midwives and health visitors should give every parent advice on safe sleeping, including the risks of co-sleeping after alcohol.
      All new parents should be told about the dangers of sharing a bed with a baby, especially when they have been drinking.
same: Parents of newborns should be taught how to cope with a crying baby to prevent abusive head trauma.
      Introduce the ICON programme so that every family is given advice on infant crying and the danger of shaking a baby.
same: Fathers and male partners should be included in antenatal and postnatal contacts.
      Health visitors should engage with the men in a baby's life, not only the mother.
diff: Any bruise on a baby who is not yet mobile should be referred to children's social care and a paediatrician.
      Any injury to a child in a nursery should be recorded in the setting's accident book.
diff: Midwives and health visitors should give every parent advice on safe sleeping, including the risks of co-sleeping after alcohol.
      Midwives and health visitors should screen every pregnant woman for perinatal mental health problems.
diff: Parents of newborns should be taught how to cope with a crying baby to prevent abusive head trauma.
      Parents of newborns should be given information about registering their baby with a GP.
diff: Fathers and male partners should be included in antenatal and postnatal contacts.
      Fathers and male partners with a history of violence should be checked with the police before a baby is discharged.

## tuning: escalation and professional disagreement
same: Agencies should make sure staff know and use the escalation policy when they disagree with another agency's decision.
      Practitioners should be confident to challenge other professionals and take concerns up the line when they think a decision is wrong.
same: The Board should relaunch its procedure for resolving professional disagreements.
      The multi-agency escalation protocol should be refreshed and promoted to all partners.
same: Where a referral is not accepted, the referrer should be told why and how to challenge the decision.
      Referring professionals should get feedback on the outcome of their referral and know they can dispute it.
same: Use of the escalation process should be recorded and reported to the Board each quarter.
      The Board should monitor how often professionals raise disagreements formally and what the outcomes are.
diff: Agencies should make sure staff know and use the escalation policy when they disagree with another agency's decision.
      Agencies should make sure staff know and use the whistleblowing policy to raise concerns about colleagues.
diff: The Board should relaunch its procedure for resolving professional disagreements.
      The Board should relaunch its procedure for managing allegations against people who work with children.
diff: Where a referral is not accepted, the referrer should be told why and how to challenge the decision.
      Where a referral is accepted, the family should be told who their social worker is within five working days.
diff: Use of the escalation process should be recorded and reported to the Board each quarter.
      Attendance at safeguarding training should be recorded and reported to the Board each quarter.

## held-out: exploitation
same: Partners should develop a contextual safeguarding approach that assesses risks to young people in places and peer groups outside the home.
      The response to extra-familial harm should look at the locations and friendships where adolescents are at risk, not only at the family.
same: Young people found carrying drugs for others should be treated as victims of criminal exploitation, not only as offenders.
      Children involved in county lines drug running should be recognised as exploited children and safeguarded.
same: A multi-agency exploitation panel should meet monthly to share intelligence about perpetrators, victims and locations.
      Agencies should hold regular meetings to map those at risk of exploitation, the people exploiting them and the hotspots.
same: Taxi drivers and hotel staff should receive training on spotting child sexual exploitation.
      Night-time economy workers such as licensed drivers and hotel receptionists should be made aware of the signs of sexual exploitation of children.
diff: Young people found carrying drugs for others should be treated as victims of criminal exploitation, not only as offenders.
      Young people using drugs and alcohol should have quick access to a specialist substance misuse service.
diff: A multi-agency exploitation panel should meet monthly to share intelligence about perpetrators, victims and locations.
      A multi-agency panel should meet monthly to review children placed off the island.
diff: Taxi drivers and hotel staff should receive training on spotting child sexual exploitation.
      Taxi drivers should have enhanced criminal record checks before they are licensed.
diff: Partners should develop a contextual safeguarding approach that assesses risks to young people in places and peer groups outside the home.
      Partners should develop a safeguarding approach for adults with care and support needs who are being financially abused.

## tuning: parental mental health and think family
same: Adult mental health services should always ask whether a patient has children or caring responsibilities and consider their welfare.
      When treating a parent for mental illness, psychiatric staff should find out about any children in the household and think about their safety.
same: Adult and children's services should work together using a think family approach.
      Services for adults and services for children should coordinate their work with the whole family rather than in separate silos.
same: Risk assessments for adult patients discharged from a psychiatric ward should include the risk to children they live with.
      Discharge planning for a parent leaving mental health inpatient care should consider any danger to the children at home.
same: Young carers looking after a parent with mental illness should be identified and offered support.
      Children who care for a mentally unwell mother or father should be recognised as young carers and assessed for help.
diff: Adult mental health services should always ask whether a patient has children or caring responsibilities and consider their welfare.
      Adult mental health services should reduce waiting times for psychological therapies.
diff: Adult and children's services should work together using a think family approach.
      Adult and children's services should use the same electronic records system.
diff: Risk assessments for adult patients discharged from a psychiatric ward should include the risk to children they live with.
      Patients discharged from a psychiatric ward should receive a follow-up contact within 72 hours.
diff: Young carers looking after a parent with mental illness should be identified and offered support.
      Young people with mental health needs should be supported in the move from CAMHS to adult services.

## held-out: parental substance misuse
same: Drug and alcohol services should consider the impact of parental substance misuse on children in every assessment.
      Substance misuse workers must think about how a parent's drinking or drug use affects the children at home.
same: Parents prescribed methadone should be told about the need to store it safely away from children.
      Safe storage of opioid substitute medication, with lockable boxes, should be discussed with every parent in treatment.
same: Alcohol misuse by parents should be assessed using a validated tool, not only self-report.
      Practitioners should not rely on what parents say about their drinking; objective measures such as an AUDIT score or testing should be used.
diff: Drug and alcohol services should consider the impact of parental substance misuse on children in every assessment.
      Drug and alcohol services should extend their opening hours into the evening.
diff: Parents prescribed methadone should be told about the need to store it safely away from children.
      Pharmacies should report missed methadone collections to the prescriber.
diff: Alcohol misuse by parents should be assessed using a validated tool, not only self-report.
      Alcohol misuse by young people should be addressed through the personal, social and health education curriculum in schools.

## tuning: the voice of the child
same: Practitioners should see children alone and record their wishes and feelings.
      Staff must speak to the child on their own and write down what the child says they want.
same: The child's lived experience should be at the centre of assessments.
      Assessments should describe what daily life is like for the child, from the child's point of view.
same: Children with communication difficulties should be helped to express their views using appropriate methods.
      Non-verbal and disabled children should be given the right tools and support so that their voice is heard.
diff: Practitioners should see children alone and record their wishes and feelings.
      Practitioners should record the ethnicity, religion and language of children in their records.
diff: The child's lived experience should be at the centre of assessments.
      Assessments should be completed within 45 working days.
diff: Children with communication difficulties should be helped to express their views using appropriate methods.
      Children with communication difficulties should have access to speech and language therapy without a long wait.

## held-out: transition to adulthood
same: Planning for the move to adult services should start by the time a young person with care needs is 16.
      Transition planning for disabled young people should begin at least two years before their 18th birthday.
same: Young people at risk of exploitation should continue to be safeguarded after they turn 18.
      Protection for vulnerable adolescents should not stop abruptly at 18; adult services should pick up the risks.
diff: Planning for the move to adult services should start by the time a young person with care needs is 16.
      Planning for a child's move to a new school should include sending their safeguarding records to the new school.
diff: Young people at risk of exploitation should continue to be safeguarded after they turn 18.
      Young people leaving care at 18 should be offered suitable accommodation.

## tuning: education
same: The education department should visit every child who is electively home educated at least once a year.
      Children educated at home should be seen annually by an education officer to check on their learning and welfare.
same: Schools should inform children's social care when a child on a child protection plan is excluded.
      Social workers should be told promptly when a pupil with a protection plan is suspended or excluded from school.
same: Persistent absence from school should trigger a multi-agency review of the child's circumstances.
      When a child regularly fails to attend school, partners should jointly look at what is happening at home.
same: Designated safeguarding leads in schools should have protected time and supervision.
      School safeguarding leads need dedicated time for the role and access to regular supervision.
diff: The education department should visit every child who is electively home educated at least once a year.
      The education department should review school transport arrangements for children with special educational needs.
diff: Schools should inform children's social care when a child on a child protection plan is excluded.
      Schools should inform parents when their child is excluded and explain their right of appeal.
diff: Persistent absence from school should trigger a multi-agency review of the child's circumstances.
      Persistent absence by staff from safeguarding training should be followed up by line managers.
diff: Designated safeguarding leads in schools should have protected time and supervision.
      Designated safeguarding leads in schools should attend refresher training every two years.

## held-out: records and chronologies
same: Each agency should keep a single, up-to-date chronology of significant events for every child on a plan.
      Case files should contain a current timeline of key incidents so that patterns of harm can be seen.
same: Records should clearly distinguish fact from opinion and include the source of information.
      Staff should write case notes that separate what was observed from professional judgement and say who said what.
same: When a case transfers between teams, a written handover summary should be completed.
      Transfers of cases between social work teams should include a documented summary of risk and outstanding actions.
diff: Each agency should keep a single, up-to-date chronology of significant events for every child on a plan.
      Each agency should keep a single point of contact for safeguarding enquiries.
diff: Records should clearly distinguish fact from opinion and include the source of information.
      Records should be kept for 75 years in line with the retention schedule.
diff: When a case transfers between teams, a written handover summary should be completed.
      When a case transfers between teams, the family should be told the name of their new worker.

## tuning: supervision and workload
same: Social workers should receive regular reflective supervision that challenges their thinking about risk.
      Frontline staff need supervision that allows time to reflect on cases and question their assumptions.
same: Caseloads should be kept at a manageable level so practitioners have time to see children.
      Managers should monitor workloads so that social workers are not carrying too many cases to do their job properly.
same: Health visitors should have safeguarding supervision at least every three months.
      Quarterly child protection supervision should be provided for all health visiting staff.
diff: Social workers should receive regular reflective supervision that challenges their thinking about risk.
      Social workers should receive regular training in giving evidence in court.
diff: Caseloads should be kept at a manageable level so practitioners have time to see children.
      Case management software should be updated so that practitioners can record visits on mobile devices.
diff: Health visitors should have safeguarding supervision at least every three months.
      Health visitors should record the weight of infants at risk of faltering growth every three months.

## held-out: adults at risk
same: Agencies should use the self-neglect and hoarding protocol when an adult is living in unsafe conditions and refusing help.
      Where an adult at risk declines services and their home is unsafe, practitioners should follow the multi-agency guidance on self-neglect.
same: Practitioners should assess and record mental capacity when a person makes an unwise decision that puts them at risk.
      Staff should carry out a capacity assessment, and write it down, when someone refuses support in a way that places them in danger.
same: Adults who repeatedly disengage from services should be discussed at a multi-agency risk management meeting.
      People who keep refusing contact with agencies should be considered at a high-risk panel of partners.
same: The fire and rescue service should be involved in safeguarding planning for adults who hoard or smoke in bed.
      Home fire safety checks should be arranged for vulnerable adults with hoarding behaviours.
diff: Agencies should use the self-neglect and hoarding protocol when an adult is living in unsafe conditions and refusing help.
      Agencies should use the Board's neglect toolkit when assessing the home conditions of children.
diff: Practitioners should assess and record mental capacity when a person makes an unwise decision that puts them at risk.
      Practitioners should assess and record the needs of unpaid carers.
diff: Adults who repeatedly disengage from services should be discussed at a multi-agency risk management meeting.
      Adults who are victims of scams should be referred to trading standards.
diff: The fire and rescue service should be involved in safeguarding planning for adults who hoard or smoke in bed.
      Fire and rescue service staff should complete safeguarding training every three years.

## tuning: online harm
same: Parents should be given advice on keeping children safe online, including on social media and gaming platforms.
      Families need guidance on protecting their children from risks on the internet, apps and online games.
same: Schools should teach pupils about the risks of sharing nude images.
      Children should learn in school about the dangers of sending sexual photos of themselves.
diff: Parents should be given advice on keeping children safe online, including on social media and gaming platforms.
      Parents should be given advice on keeping medicines locked away from children.
diff: Schools should teach pupils about the risks of sharing nude images.
      Schools should teach pupils how to swim and be safe near water.

## held-out: interpreters and culture
same: Professional interpreters, not family members, should be used when working with families who do not speak English.
      Children and relatives should never act as interpreters; agencies should book qualified interpreters.
same: Practitioners should consider the family's culture, religion and ethnicity in assessments.
      Assessments should take account of the identity, faith and cultural background of the child and family.
diff: Professional interpreters, not family members, should be used when working with families who do not speak English.
      Family members should be invited to contribute to the review of the child's death.
diff: Practitioners should consider the family's culture, religion and ethnicity in assessments.
      Practitioners should consider the family's working hours when arranging meetings.

## tuning: referrals
same: Referrals to children's social care should be clear about the concern and what the referrer wants to happen.
      The quality of referrals should improve so that they set out the worry about the child and the help being requested.
same: Police notifications about children present at incidents should be screened with health and education information before a decision is made.
      The hub should gather information from health and schools before deciding what to do with a police report about a child.
same: Anonymous referrals from members of the public should be taken as seriously as referrals from professionals.
      Concerns raised by neighbours and relatives, even anonymously, should be looked into with the same rigour as those from professionals.
diff: Referrals to children's social care should be clear about the concern and what the referrer wants to happen.
      Referrals to children's social care should be acknowledged within one working day.
diff: Anonymous referrals from members of the public should be taken as seriously as referrals from professionals.
      Members of the public should be able to find out how to report a concern about an adult on the Board's website.

## held-out: private fostering
same: Awareness of private fostering should be raised among schools, GPs and the public so that arrangements are notified.
      Professionals and the community should be helped to recognise when a child is living with someone who is not a close relative, and to tell children's services.
diff: Awareness of private fostering should be raised among schools, GPs and the public so that arrangements are notified.
      Awareness of the Board's annual report should be raised among schools, GPs and the public.

## tuning: disability
same: Parents with a learning disability should have assessments adapted to their needs, with easy-read information.
      Assessments of parents who have learning disabilities should use accessible materials and adjusted approaches.
same: Disabled children should be safeguarded as well as other children; their injuries should not be put down to their condition without checking.
      Practitioners should not assume that bruising or behaviour in a disabled child is explained by the disability.
diff: Parents with a learning disability should have assessments adapted to their needs, with easy-read information.
      Parents with a learning disability should be offered help with budgeting from the benefits service.
diff: Disabled children should be safeguarded as well as other children; their injuries should not be put down to their condition without checking.
      Disabled children should have short break services available in the school holidays.

## tuning: different topics
diff: Noble's Hospital should notify Children and Families of every ED attendance by a child known to them.
      The Board should agree an island-wide early help strategy with all member agencies.
diff: Train frontline staff in professional curiosity: asking, checking and challenging.
      Domestic abuse training should be delivered to GPs and practice nurses.
diff: Health should be represented at every strategy discussion about a child.
      Schools should teach pupils about the risks of sharing nude images.

## held-out: different topics
diff: Parents of newborns should be taught how to cope with a crying baby to prevent abusive head trauma.
      Children involved in county lines drug running should be recognised as exploited children and safeguarded.
diff: Agencies should share information about children who go missing.
      Records should be kept for 75 years in line with the retention schedule.
diff: GPs should provide a written report to every initial child protection conference for children registered with their practice.
      Home fire safety checks should be arranged for vulnerable adults with hoarding behaviours.
"""


def _parse(data: str) -> list[Pair]:
    pairs: list[Pair] = []
    half: Half = "tuning"
    topic = ""
    pending: tuple[bool, str] | None = None
    for raw in data.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("## "):
            label, _, topic = line[3:].partition(": ")
            half = "held-out" if label == "held-out" else "tuning"
        elif line.startswith(("same: ", "diff: ")):
            pending = (line.startswith("same"), line[6:].strip())
        elif pending is not None:
            pairs.append(Pair(half, topic, pending[0], pending[1], line))
            pending = None
        else:
            raise ValueError(f"Unpaired line: {line}")
    return pairs


PAIRS: list[Pair] = _parse(_DATA)
TUNING = [pair for pair in PAIRS if pair.half == "tuning"]
HELD_OUT = [pair for pair in PAIRS if pair.half == "held-out"]

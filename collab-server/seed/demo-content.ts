/**
 * Text of the demo council's papers. Written to read like real committee
 * reports so that search, page navigation and the agenda pack feel real.
 */
import type { ReportSection } from './report-pdf.ts';

export interface DemoItem {
  number: string;
  title: string;
  /** Number of the parent item, for sub-items like "3a". */
  parent?: string;
  confidentialReason?: string;
  document: { name: string; kind: 'report' | 'minutes' | 'agenda'; subtitle: string; sections: ReportSection[] };
}

const standardImplications: ReportSection[] = [
  {
    heading: 'Financial implications',
    paragraphs: [
      'There are no direct financial implications arising from this report beyond officer time, which is met from the existing Development Management budget for the current financial year.',
      'Should the Committee resolve contrary to the officer recommendation and the decision be appealed, the Council could be exposed to an award of costs if it were found to have acted unreasonably. Members are reminded that reasons for any decision must be clear, precise and grounded in adopted policy.',
    ],
  },
  {
    heading: 'Legal implications',
    paragraphs: [
      'Section 38(6) of the Planning and Compulsory Purchase Act 2004 requires that determination must be made in accordance with the development plan unless material considerations indicate otherwise.',
      'The Committee must have regard to the public sector equality duty under section 149 of the Equality Act 2010 and to the rights protected by the Human Rights Act 1998, in particular Article 8 and Article 1 of the First Protocol.',
    ],
  },
  {
    heading: 'Equalities and climate impact',
    paragraphs: [
      'An equalities screening has been completed. No group sharing a protected characteristic is expected to be disproportionately affected by the recommendation.',
      'The proposal has been assessed against the Council\'s Climate Emergency Action Plan. Conditions securing electric vehicle charging, cycle storage and a fabric-first approach to energy efficiency are recommended where relevant.',
    ],
  },
];

function consultationSection(subject: string): ReportSection {
  return {
    heading: 'Consultation responses',
    paragraphs: [
      `Neighbouring occupiers were notified by letter and a site notice was displayed for twenty-one days. Fourteen representations were received in relation to ${subject}, of which eleven objected and three supported the proposal.`,
      'The objections raise concerns about traffic generation on the local road network, the loss of open views across the site, pressure on the local primary school and surgery, and the adequacy of surface water drainage during periods of heavy rainfall.',
      'The supporting comments welcome the provision of affordable homes for local families and the proposed improvements to the public footpath along the northern boundary.',
      'The Highway Authority raises no objection subject to conditions securing the visibility splays, a construction management plan and a contribution towards the extension of the 30 mph limit.',
      'The Lead Local Flood Authority raises no objection subject to a condition requiring the detailed design of the sustainable drainage system to be approved before any development begins.',
    ],
  };
}

/** Standard planning conditions: every report carries an appendix of them, as real ones do. */
const conditionsAppendix: ReportSection = {
  heading: 'Appendix: recommended conditions and informatives',
  paragraphs: [
    'Time limit: the development hereby permitted shall begin before the expiration of three years from the date of this permission. Reason: to comply with section 91 of the Town and Country Planning Act 1990.',
    'Approved plans: the development shall be carried out in accordance with the approved plans and documents listed in the schedule attached to this decision. Reason: for the avoidance of doubt and in the interests of proper planning.',
    'Materials: no development above slab level shall take place until samples of the external facing and roofing materials have been submitted to and approved in writing by the local planning authority. Reason: to protect the character and appearance of the area.',
    'Construction management: no development shall take place until a construction management plan, covering hours of work, routing of construction vehicles, wheel washing, dust suppression and the parking of site operatives, has been approved. Reason: to protect highway safety and the amenity of neighbouring occupiers.',
    'Surface water drainage: no development shall take place until a detailed surface water drainage scheme based on sustainable drainage principles, with its maintenance and management arrangements, has been approved and the scheme shall be implemented before first occupation. Reason: to reduce the risk of flooding on and off site.',
    'Landscaping: a scheme of hard and soft landscaping, including planting schedules, tree pit details and a five-year maintenance programme, shall be approved before occupation and implemented in the first planting season thereafter. Reason: to secure a high quality setting for the development.',
    'Ecology: the development shall be carried out in accordance with the recommendations of the submitted ecological appraisal, and a biodiversity net gain plan with thirty years of monitoring shall be approved before development begins. Reason: to secure a measurable net gain for biodiversity.',
    'Electric vehicle charging: each dwelling with allocated parking shall be provided with an active electric vehicle charging point before first occupation. Reason: to promote sustainable transport and reduce carbon emissions.',
    'Refuse and recycling: details of bin storage and collection points shall be approved and provided before first occupation of the dwellings they serve. Reason: to protect the street scene and ensure proper waste collection.',
    'Informative: the applicant is reminded that this permission does not override any private rights, covenants or the need for consent under the Building Regulations, and that works to the public highway require a separate agreement with the Highway Authority.',
    'Informative: the Council has worked positively and proactively with the applicant, in accordance with paragraph 38 of the National Planning Policy Framework, to resolve issues raised during the application.',
  ],
};

const backgroundPapers: ReportSection = {
  heading: 'Background papers and contact officer',
  paragraphs: [
    'The application file, consultation responses and representations are available for inspection on the Council\'s planning portal. Background papers used in preparing this report, other than published works, are listed in the file.',
    'Contact officer: Principal Planning Officer, Development Management, Town Hall. Telephone 01234 567890. Email planning@demo-borough.example.',
  ],
};

export function demoItems(meetingDateText: string): DemoItem[] {
  return withAppendices([
    {
      number: '1',
      title: 'Apologies for absence and declarations of interest',
      document: {
        name: 'Agenda pack.pdf',
        kind: 'agenda',
        subtitle: `Planning Committee, ${meetingDateText}, Council Chamber, Town Hall. Agenda and reports pack.`,
        sections: agendaPackSections(),
      },
    },
    {
      number: '2',
      title: 'Minutes of the previous meeting',
      document: {
        name: 'Minutes of the previous meeting.pdf',
        kind: 'minutes',
        subtitle: 'Draft minutes of the Planning Committee held in the Council Chamber, Town Hall.',
        sections: [
          { heading: 'Present', paragraphs: ['Councillor Priya Shah (Chair), Councillors Tom Evans, Grace Okafor, Ruth Bennett and Marcus Lee.', 'Officers: Head of Planning, Principal Planning Officer, Legal Adviser and Democratic Services Officer.'] },
          { heading: 'Apologies for absence', paragraphs: ['Apologies were received from Councillor Helen Price.'] },
          { heading: 'Declarations of interest', paragraphs: ['Councillor Tom Evans declared a non-registrable interest in item 4 as a member of the Ashford Green Residents Association and left the room for that item.'] },
          { heading: 'Application 24/01877/FUL: The Old Dairy, Church Street', paragraphs: [
            'The Principal Planning Officer presented the report and the late representations. One objector and the applicant\'s agent addressed the Committee.',
            'Members discussed the impact on the conservation area, the design of the rear extension and the parking arrangements.',
            'It was moved by Councillor Shah and seconded by Councillor Okafor that the application be approved subject to the conditions in the report. On being put to the vote the motion was carried: For 4, Against 1, Abstain 0.',
            'RESOLVED: That planning permission be granted subject to the conditions set out in the report.',
          ] },
          { heading: 'Application 24/02011/OUT: Land at Hollow Lane', paragraphs: [
            'The Principal Planning Officer introduced the outline application for up to 120 dwellings and reported two late representations and a revised response from the Highway Authority.',
            'Three objectors, the Parish Council and the applicant\'s agent addressed the Committee. The objectors raised the capacity of Hollow Lane, the loss of best and most versatile agricultural land and the distance to local services.',
            'In answer to questions, the Highway Authority representative explained the proposed junction improvements and confirmed that the modelling had been independently audited.',
            'Members debated at length the weight to be given to the shortfall in the five-year housing land supply, the benefits of 48 affordable homes and the harm to the landscape setting of the village.',
            'It was moved by Councillor Lee and seconded by Councillor Bennett that the application be refused for the reasons that the development would cause significant harm to the landscape character of the area and would be poorly connected to services. On being put to the vote the motion was lost: For 2, Against 3, Abstain 0.',
            'It was then moved by Councillor Okafor and seconded by Councillor Shah that the application be approved in line with the officer recommendation. On being put to the vote the motion was carried: For 3, Against 2, Abstain 0.',
            'RESOLVED: That outline planning permission be granted subject to the conditions set out in the report and the completion of a section 106 agreement within six months.',
          ] },
          { heading: 'Appeals', paragraphs: ['The Committee noted the appeal decisions received since the last meeting.', 'The meeting closed at 8.42 pm.'] },
          { heading: 'Confirmation', paragraphs: ['These minutes are draft until confirmed as a correct record at the next meeting of the Committee and signed by the Chair.'] },
        ],
      },
    },
    {
      number: '3',
      title: 'Planning application 25/00412/FUL: Land north of Mill Lane, Ashford Green',
      document: {
        name: 'Report 25-00412-FUL Mill Lane.pdf',
        kind: 'report',
        subtitle: 'Erection of 48 dwellings (40% affordable) with access from Mill Lane, public open space and landscaping. Recommendation: approve subject to conditions and a section 106 agreement.',
        sections: [
          { heading: 'Purpose of the report', paragraphs: [
            'This report asks the Committee to determine a full application for 48 dwellings on land north of Mill Lane. The application is reported to Committee because it is a major development and because the Parish Council has objected.',
          ] },
          { heading: 'Site and surroundings', paragraphs: [
            'The site extends to 2.1 hectares of grade 3b agricultural land on the northern edge of Ashford Green. It is bounded by Mill Lane to the south, mature hedgerows to the east and west, and a public footpath to the north.',
            'The site lies within flood zone 1. A small watercourse runs along the eastern boundary, and the south-eastern corner is identified as being at low risk of surface water flooding.',
          ] },
          { heading: 'The proposal', paragraphs: [
            'The scheme comprises 48 homes: 12 two-bedroom, 24 three-bedroom and 12 four-bedroom houses. Nineteen homes (40 per cent) would be affordable, split 70:30 between social rent and shared ownership.',
            'A single vehicular access is proposed from Mill Lane with a new footway linking to the village centre. Around 0.6 hectares of public open space, including a local equipped area for play, would be provided along the northern boundary.',
          ] },
          consultationSection('the Mill Lane proposal'),
          { heading: 'Planning assessment', paragraphs: [
            'The site is allocated for around 45 dwellings under policy H7 of the adopted Local Plan. The principle of residential development is therefore established.',
            'The density of 23 dwellings per hectare reflects the edge-of-village location. The layout respects the retained hedgerows, and the two-storey scale is consistent with the adjoining development on Orchard Close.',
            'The separation distances between existing and proposed dwellings exceed the 21 metres set out in the Residential Design Guide, and no unacceptable loss of light or privacy would arise.',
            'The transport assessment demonstrates that the Mill Lane junction would operate within capacity in the 2030 design year. The Highway Authority agrees with this conclusion.',
            'The development achieves a biodiversity net gain of 11.4 per cent through new native hedgerow planting, a wildflower meadow and a wetland area within the drainage basin.',
          ] },
          ...standardImplications,
          { heading: 'Recommendation', paragraphs: [
            'That planning permission be GRANTED subject to the conditions set out in Appendix A and the completion of a section 106 agreement securing affordable housing, open space management, and contributions of GBP 312,000 towards education and GBP 48,000 towards healthcare.',
          ] },
        ],
      },
    },
    {
      number: '3a',
      parent: '3',
      title: 'Tree Preservation Order TPO/2025/07: land adjoining 14 Orchard Close',
      document: {
        name: 'TPO 2025-07 Orchard Close.pdf',
        kind: 'report',
        subtitle: 'Confirmation of a provisional Tree Preservation Order protecting two oak trees and one ash tree.',
        sections: [
          { heading: 'Background', paragraphs: [
            'A provisional Tree Preservation Order was served on 3 September to protect three trees on land adjoining 14 Orchard Close, next to the Mill Lane application site.',
            'The trees were assessed using the TEMPO method and scored 17, 16 and 14, which indicates that a Tree Preservation Order is defensible.',
          ] },
          { heading: 'Objections', paragraphs: [
            'One objection was received from the owner of 14 Orchard Close, who is concerned about leaf fall, shading of the rear garden and the cost of future maintenance.',
            'The Tree Officer advises that reasonable pruning would be approved if applied for, and that the amenity value of the trees outweighs the concerns raised.',
          ] },
          ...standardImplications.slice(1),
          { heading: 'Recommendation', paragraphs: ['That Tree Preservation Order TPO/2025/07 be confirmed without modification.'] },
        ],
      },
    },
    {
      number: '4',
      title: 'Local Plan Review: response to the Regulation 18 consultation',
      document: {
        name: 'Local Plan Review - Regulation 18 response.pdf',
        kind: 'report',
        subtitle: 'Summary of the responses to the Issues and Options consultation and the proposed next steps.',
        sections: [
          { heading: 'Summary', paragraphs: [
            'The Issues and Options consultation ran for eight weeks and received 1,214 responses from 687 individuals and organisations. This report summarises the main themes and recommends the preferred spatial strategy to be tested in the next stage.',
          ] },
          { heading: 'Main themes', paragraphs: [
            'Housing need: most respondents accepted the standard method figure of 612 homes a year, although a significant minority argued for a lower figure reflecting Green Belt and infrastructure constraints.',
            'Spatial strategy: Option B (growth concentrated in the main town and two larger villages) was the most supported, with 46 per cent of respondents who expressed a preference.',
            'Infrastructure: respondents emphasised primary healthcare, school places and the capacity of the A-road corridor, and asked that infrastructure be delivered before or alongside new homes.',
            'Climate change: there was strong support for requiring net zero operational carbon in new homes and for a 20 per cent biodiversity net gain on strategic sites.',
          ] },
          { heading: 'Next steps', paragraphs: [
            'Officers will prepare evidence on transport, viability and water cycle capacity for the preferred option and report back to this Committee before the Regulation 19 publication stage.',
          ] },
          ...standardImplications,
          { heading: 'Recommendation', paragraphs: ['That the Committee notes the consultation responses and endorses Option B as the preferred spatial strategy for further testing.'] },
        ],
      },
    },
    {
      number: '5',
      title: 'Planning enforcement: unauthorised development at Brook Farm',
      confidentialReason: 'Paragraph 3, Schedule 12A',
      document: {
        name: 'Enforcement - Brook Farm (exempt).pdf',
        kind: 'report',
        subtitle: 'NOT FOR PUBLICATION by virtue of Paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972 (information relating to the financial or business affairs of any particular person).',
        sections: [
          { heading: 'Background', paragraphs: [
            'In March the Council received complaints that agricultural buildings at Brook Farm were being used for the storage and repair of commercial vehicles without planning permission.',
            'Site visits on four occasions confirmed the use. The owner has been invited to submit a retrospective application but has not done so.',
          ] },
          { heading: 'Commercial information', paragraphs: [
            'The owner has provided accounts showing that the vehicle repair business employs six people and has an annual turnover of approximately GBP 410,000. The owner states that relocation would cost about GBP 95,000 and would threaten the viability of the business.',
            'A neighbouring landowner has offered to lease an alternative site on the industrial estate at a rent below market value for the first two years.',
          ] },
          { heading: 'Options', paragraphs: [
            'Option 1: take no further action. Not recommended: the use causes noise and highway safety harm.',
            'Option 2: issue an enforcement notice with a compliance period of nine months, allowing time to relocate. Recommended.',
            'Option 3: issue an enforcement notice and a stop notice. Not recommended: the compensation risk is disproportionate.',
          ] },
          ...standardImplications.slice(0, 2),
          { heading: 'Recommendation', paragraphs: ['That the Head of Planning be authorised to issue an enforcement notice with a compliance period of nine months (Option 2).'] },
        ],
      },
    },
    {
      number: '6',
      title: 'Planning appeal decisions',
      document: {
        name: 'Appeal decisions.pdf',
        kind: 'report',
        subtitle: 'Appeal decisions received from the Planning Inspectorate since the last meeting.',
        sections: [
          { heading: 'Decisions received', paragraphs: [
            '24/00931/HOU, 7 Station Road: two-storey side extension. Appeal dismissed. The Inspector agreed that the extension would harm the character of the street scene.',
            '24/01102/FUL, The Granary, Back Lane: conversion to two dwellings. Appeal allowed. The Inspector found that the design preserved the setting of the listed farmhouse.',
            '24/01254/ADV, Unit 4, Riverside Park: illuminated sign. Appeal dismissed on highway safety grounds.',
          ] },
          { heading: 'Performance', paragraphs: [
            'Over the last twelve months the Council has won 71 per cent of appeals, above the national average of 68 per cent. No costs have been awarded against the Council.',
          ] },
          { heading: 'Recommendation', paragraphs: ['That the Committee notes the appeal decisions.'] },
        ],
      },
    },
  ]);
}

/** Every report ends with the conditions appendix and background papers, so each runs to several pages. */
function withAppendices(items: DemoItem[]): DemoItem[] {
  return items.map((item) =>
    item.document.kind !== 'report'
      ? item
      : { ...item, document: { ...item.document, sections: [...item.document.sections, conditionsAppendix, backgroundPapers] } },
  );
}

/** The agenda pack: front sheet, procedure notes, and appendices long enough to make a 30+ page pack. */
function agendaPackSections(): ReportSection[] {
  const sections: ReportSection[] = [
    { heading: 'Agenda', paragraphs: [
      'Item 1. Apologies for absence and declarations of interest.',
      'Item 2. Minutes of the previous meeting.',
      'Item 3. Planning application 25/00412/FUL: Land north of Mill Lane, Ashford Green.',
      'Item 3a. Tree Preservation Order TPO/2025/07: land adjoining 14 Orchard Close.',
      'Item 4. Local Plan Review: response to the Regulation 18 consultation.',
      'Item 5. Planning enforcement: unauthorised development at Brook Farm (exempt, Paragraph 3, Schedule 12A; the press and public are likely to be excluded).',
      'Item 6. Planning appeal decisions.',
    ] },
    { heading: 'Public speaking at Planning Committee', paragraphs: [
      'Members of the public may register to speak on applications by noon on the working day before the meeting. Each speaker has three minutes; where several objectors wish to speak they are asked to appoint a spokesperson.',
      'The order of speaking is: the presenting officer, objectors, supporters, the applicant or agent, ward councillors, and then the Committee debate. Speakers may not take part in the debate or ask questions of members.',
    ] },
  ];
  const themes = [
    'Development plan policies', 'Five-year housing land supply', 'Design and heritage', 'Highways and parking standards', 'Ecology and biodiversity net gain',
    'Drainage and flood risk', 'Affordable housing', 'Developer contributions', 'Residential amenity', 'Trees and landscaping',
    'Conditions and informatives', 'Recent legislation and guidance', 'Planning obligations monitoring', 'Enforcement performance', 'Pre-application advice',
  ];
  themes.forEach((theme, index) => {
    sections.push({
      heading: `Appendix ${String.fromCharCode(65 + index)}: ${theme}`,
      paragraphs: Array.from({ length: 14 }, (_, p) => appendixParagraph(theme, p)),
    });
  });
  return sections;
}

function appendixParagraph(theme: string, index: number): string {
  const openings = [
    `This appendix sets out the Council's approach to ${theme.toLowerCase()} as it applies to the applications on this agenda.`,
    `Members are reminded that ${theme.toLowerCase()} is a material consideration of varying weight, depending on the facts of each case and the degree of conflict with adopted policy.`,
    `The National Planning Policy Framework expects local planning authorities to take a positive approach to ${theme.toLowerCase()}, and to refuse development only where the harm would significantly and demonstrably outweigh the benefits.`,
    `Monitoring data for the last financial year show steady improvement in the handling of ${theme.toLowerCase()}, with most cases resolved within the agreed timescales and without recourse to appeal.`,
    `Officers apply the adopted Supplementary Planning Document, which provides worked examples and checklists so that applicants know what information on ${theme.toLowerCase()} must accompany a valid application.`,
    `Where the evidence on ${theme.toLowerCase()} is finely balanced, the report explains the judgement that officers have reached and identifies the conditions that would make the development acceptable.`,
    `Consultees with an interest in ${theme.toLowerCase()} are consulted on every major application, and their advice is summarised in the relevant committee report together with the officer response.`,
    `The Planning Advisory Service peer review recommended clearer reporting of ${theme.toLowerCase()}, and this pack follows the revised report template introduced in response.`,
    `Any questions about ${theme.toLowerCase()} should be raised with the case officer before the meeting, so that a full answer can be given to the Committee on the night.`,
  ];
  return `${openings[index % openings.length]} The Committee should weigh this consideration together with all other material considerations, giving reasons for the weight attached, and should record those reasons in the resolution so that the decision can be understood by applicants, objectors and any Inspector on appeal.`;
}

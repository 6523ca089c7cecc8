"""The demo course's modules, rewritten from the course outline (no real names)."""

from __future__ import annotations

COORDINATION = """\
Ce module présente **qui élabore et qui met en œuvre** les politiques sociales et
médico-sociales, puis la façon dont ces acteurs sont invités à se coordonner :
le rôle de *chef de file*, et l'injonction à travailler « en partenariat ».

# 1. Qui administre l'action sociale ?

## 1.1 L'État : administration centrale et services déconcentrés

Au niveau national, la Direction générale de la cohésion sociale (DGCS) conçoit
et pilote les politiques. Sur le territoire, l'État agit par ses services
déconcentrés : agences régionales de santé (ARS), DREETS, DRAJES…

**Déconcentration** : l'État confie certaines de ses compétences à des agents
qui le représentent localement. Ces services relaient sur place les décisions
prises à Paris et gèrent localement les moyens de l'État ; ils restent soumis à
l'autorité hiérarchique du centre. Une formule du XIXᵉ siècle résume l'idée : on
frappe avec le même marteau, seul le manche est plus court.

## 1.2 Les collectivités territoriales : la décentralisation

**Décentralisation** : le pouvoir central transfère des compétences à des
autorités locales *distinctes de l'État* et *élues* (conseil régional, conseil
départemental, conseil municipal), qui décident elles-mêmes dans ce cadre.

| Niveau | Compétences principales en action sociale et médico-sociale |
|---|---|
| Région | jeunesse |
| Département | action sociale, vieillissement, handicap, protection de l'enfance |
| Commune | action sociale facultative, souvent portée par le CCAS |

Pour voir comment un département s'organise, comparez des **organigrammes** :

- quels services relèvent de l'action sociale et médico-sociale ?
- sont-ils regroupés dans un même pôle, une même direction générale adjointe ?
- les personnes âgées et les personnes handicapées sont-elles traitées ensemble ?
- l'action est-elle territorialisée (unités territoriales, maisons du département) ?

### Ce que la décentralisation interroge

Les collectivités deviennent-elles de simples opératrices de politiques
nationales ? Et que devient l'égalité d'accès aux droits d'un territoire à
l'autre ? L'ODAS suit un indicateur de *dispersion* de la dépense par habitant
entre départements (rapport entre les départements qui dépensent le plus et
ceux qui dépensent le moins) ; cet écart se réduit, sans disparaître :

| Dépense | Début | 2012 | Évolution |
|---|---|---|---|
| Hébergement des adultes handicapés | 2,23 (1990) | 1,74 | -22 % en 22 ans |
| Accueil des enfants par l'ASE | 2,05 (1990) | 1,67 | -19 % en 22 ans |
| APA à domicile | 2,31 (2006) | 2,18 | -6 % en 6 ans |

*Source : ODAS, 2015.*

## 1.3 Les associations

Les associations gèrent une grande part des établissements : environ 85 à 90 %
des places pour le handicap, environ 80 % des établissements de protection de
l'enfance, mais seulement 25 à 30 % des EHPAD, où le public et le privé lucratif
pèsent lourd. Elles sont aussi partenaires de l'action publique, souvent par
contrat (politique de la ville, associations de proximité).

# 2. Coordonner : le rôle de chef de file

## 2.1 Pourquoi désigner un chef de file ?

Devant la multiplication des acteurs et l'enchevêtrement des compétences, la loi
désigne une collectivité **chef de file** dans un domaine : le Département pour
l'action sociale (2004, confirmé en 2014), la Région pour la jeunesse (loi
« Égalité et citoyenneté » de 2017).

## 2.2 Un pouvoir d'animation, pas de tutelle

La notion apparaît en 1995, entre dans la Constitution en 2003 (article 72) et
est précisée en 2004 : quand une compétence exige le concours de plusieurs
collectivités, la loi peut autoriser l'une d'elles à *organiser les modalités
de leur action commune*. Mais **aucune collectivité ne peut exercer de tutelle
sur une autre**. Le chef de file n'a donc ni pouvoir de décision propre ni
pouvoir de contrôle : il impulse, propose, anime, coordonne. On le compare
volontiers à un chef d'orchestre qui n'est rien sans ses musicien·nes
[@dumont2012, p. 85]. Trois « capacités » le constituent selon @rouzeau2018.

## 2.3 Des manières différentes d'endosser le rôle

Les régions ne s'en saisissent pas toutes de la même façon : co-élaboration
d'orientations avec les autres collectivités, l'État et les associations
(conférences, feuille de route) ; endossement « descendant », où la Région fixe
sa stratégie puis la promeut ; ou évitement pur et simple du rôle. Côté
départements, les couleurs politiques des collectivités voisines peuvent faire
obstacle.

# 3. L'action sociale et la « doxa partenariale »

Depuis les années 1980, travailler ensemble est devenu une norme de l'action
publique. L'expression **doxa partenariale** désigne cette injonction adressée
aux acteurs de tous niveaux [@morel2020]. Dans un mémoire, il faut donc se
défaire d'une vision normative du partenariat et l'étudier comme un objet.

## 3.1 Des dynamiques partenariales plurielles

- **Partenariat intra-institutionnel** : faire dialoguer des services différents
  au sein d'une même institution (intersectorialité). Exemple : la jeunesse,
  répartie entre plusieurs directions d'un conseil régional.
- **Partenariat inter-institutionnel** : faire travailler ensemble des
  institutions elles-mêmes pluridisciplinaires ; plus ambitieux, plus difficile.

Les formes du partenariat inter-institutionnel peuvent être classées selon leur
origine et leur forme [@lyet2008].

## 3.2 Une idéologie ?

Le partenariat se présente comme dépolitisé ; on peut y lire une affinité avec
le néolibéralisme, mais aussi un écho aux attentes de l'éducation populaire.

## 3.3 Le partenariat en train de se faire

- une participation inégalement choisie (des associations dépendantes de leurs
  financements) : le partenariat peut devenir un instrument de contrôle ;
- une scène où chacun démontre son importance ;
- des objectifs divergents et des appartenances professionnelles concurrentes.

Ses effets sont discutés : bureaucratisation, indécision, opacité et
complexification du système plutôt que renouveau démocratique [@damon2002].
"""

ELUS = """\
Qui décide, dans l'action sociale et médico-sociale ? Ce module part des élu·es,
puis montre le poids des cadres administratifs et des agents de terrain.

**Questions pour votre stage ou votre mémoire** : où se situent les enjeux
médico-sociaux dans les organigrammes politiques (national, régional,
départemental, communal) ? Quel·les élu·es vous intéressent ?

# 1. Des élu·es qui décident peu ?

## 1.1 Profil : les élu·es municipaux siégeant au CCAS

Une enquête de 2025 auprès des élu·es des centres communaux d'action sociale
dessine ce profil :

| Indicateur | Valeur |
|---|---|
| Âge moyen | 61,7 ans |
| Retraité·es | 44,2 % |
| Issu·es du secteur public | 53 % |
| Salarié·es d'une association ou d'un organisme non lucratif | 4,5 % |
| Bac + 5 ou plus (davantage dans les grandes communes) | 22,3 % |
| Femmes | 80 % |

## 1.2 Une implication limitée à certaines étapes

Pris·es par la représentation de leur collectivité, les élu·es ont peu de temps
pour suivre les dossiers : ils et elles fixent les cadres de l'intervention
publique, mais participent peu à la définition du contenu et à la mise en œuvre.

# 2. Le pouvoir politique des cadres administratifs

Les cadres administratifs occupent une place centrale dans le gouvernement
local : à la fois conseillers (« force de proposition ») et experts, ils
exercent un *leadership discret*, parfois un leadership de substitution quand
celui des élu·es est faible. La haute administration territoriale est souvent
proche des orientations de l'exécutif, tandis que la promotion d'un management
public se présente comme une dépolitisation [@biland2019].

# 3. Les agents de terrain, des *policy makers* ?

Les **street-level bureaucrats** sont les agents « du guichet » ou de terrain,
dont les décisions touchent directement les publics [@lipsky1980]. Ils disposent
d'un **pouvoir discrétionnaire** : une liberté d'appréciation à l'intérieur d'un
cadre juridique. Leurs marges de manœuvre grandissent quand le leadership
politique est faible, que les institutions se concurrencent, que les réformes
s'enchaînent ou que les politiques se contredisent. Exemples : les agents de
l'immigration [@spire2005] ; les assistantes sociales des départements en
protection de l'enfance [@serre2009]. Il ne faut pas pour autant surestimer leur
autonomie [@warin2002].

# 4. Les élu·es au-delà des assemblées

Les orientations d'une collectivité se diffusent aussi ailleurs : CCAS, conseils
d'administration d'établissements ou d'offices HLM, commissions d'attribution
des logements sociaux, instances des MDPH, observatoires de la protection de
l'enfance.

Interrogé·es, les élu·es de l'action sociale défendent un service public central
et voient communes et départements comme les institutions les plus légitimes.
Leurs objectifs prioritaires : accompagner les plus fragiles (77,2 %), le lien
social (64 %), réduire les inégalités (40 %) ; leurs publics prioritaires : les
personnes vulnérables (46 %), isolées (30,2 %), puis âgées. Ils et elles
s'inquiètent pour la cohésion sociale et citent trois obstacles : le manque de
moyens, la complexité administrative et le manque de personnel.

# Recherche documentaire

Des politiques différentes selon l'orientation politique de la collectivité ?
Cherchez par exemple si la prise en charge des mineur·es non accompagné·es ou la
mise en œuvre du RSA diffère d'un département à l'autre.
"""

ASSIGNMENT = """\
Choisissez une situation de partenariat rencontrée en stage ou en apprentissage
et présentez-la sur **une diapositive**, déposée dans Cartable (le dépôt sera
ouvert plus tard).

# Décrire

Qui ? Où ? Quand ? Comment la collaboration se déroule-t-elle concrètement ? Pour
quels objectifs ?

# Analyser

- Partenariat inter-institutionnel ou intra-institutionnel ?
- Collaboration formalisée ou non ; entre personnes ou entre institutions ?
- Situez-le dans la grille de lecture de @lyet2008 (origine et forme).
- Quels rapports de force ? Quelles tensions institutionnelles ou
  professionnelles ? [@damon2002; @morel2020]
- Quels effets et quels résultats ?
"""

MODULES = (
    ("Coordination et partenariats dans l'action sociale et médico-sociale",
     COORDINATION),
    ("Les élu·es dans l'action sociale et médico-sociale", ELUS),
    ("Travailler sur une situation de partenariat", ASSIGNMENT),
)  # fmt: skip
